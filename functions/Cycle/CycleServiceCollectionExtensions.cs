using ItEval.Email;
using ItEval.Hosting;
using ItEval.Links;
using ItEval.Ranking;
using ItEval.Scheduling;
using Microsoft.Extensions.Options;
using ItEval.Cycle.Process;
using ItEval.Durable;

namespace ItEval.Cycle;

public static class CycleServiceCollectionExtensions
{
    /// <summary>The cycle's record (engine, store), its work, and its process (the orchestration and its client).</summary>
    public static IServiceCollection AddItEvalCycles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UnitLinkOptions>()
            .Bind(configuration.GetSection(UnitLinkOptions.Section))
            .Validate(o => SigningKeys.IsUsable(o.SigningKey), "Links__SigningKey must be at least 32 random bytes in base64 (./run.sh creates one locally; Key Vault holds it in Azure).")
            .Validate(o => string.IsNullOrWhiteSpace(o.PreviousSigningKey) || (SigningKeys.IsUsable(o.PreviousSigningKey) && o.PreviousKeyValidUntil is not null),
                "Links__PreviousSigningKey must be at least 32 bytes in base64 and needs Links__PreviousKeyValidUntil (when links signed with it stop working).")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<UnitLinkOptions>>().Value;
            var baseUrl = string.IsNullOrWhiteSpace(options.BaseUrl) ? $"http://127.0.0.1:{sp.GetRequiredService<HostingOptions>().Port}" : options.BaseUrl;
            return new UnitLinks(LinkKeys.From(options), baseUrl);
        });
        var sendGrid = configuration.GetSection(SendGridOptions.Section).Get<SendGridOptions>() ?? new SendGridOptions();
        if (string.IsNullOrWhiteSpace(sendGrid.ApiKey))
        {
            services.AddSingleton<LocalMailbox>();
            services.AddSingleton<IEmailTransport, EmlTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport>(sp => new SendGridTransport(
                new SendGrid.SendGridClient(new HttpClient(), new SendGrid.SendGridClientOptions { ApiKey = sendGrid.ApiKey, Host = sendGrid.Host }),
                sendGrid, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddOptions<VisitHours>()
            .Bind(configuration.GetSection(VisitHours.Section))
            .Validate(o => o.StartTimes is not null && o.Duration > TimeSpan.Zero && o.Duration < TimeSpan.FromHours(8),
                "Visits__Slots must be start times in increasing order like 08:00,09:45,14:00 and Visits__Duration a positive time under 8 hours.")
            .ValidateOnStart();
        services.AddSingleton<OutboxMailer>();
        services.AddSingleton<EmailRenderer>();
        services.AddSingleton<CycleEmails>();
        services.AddSingleton<CycleStore>();
        services.AddSingleton<EngineSteps>();
        // One writer per cycle across instances at a time (a blob lease per cycle beside its snapshots).
        services.AddSingleton(sp => new Engine.StreamLeases(
            sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<Storage.StorageNames>().StateContainer)));
        services.AddSingleton<CycleEngine>();
        services.AddSingleton<IVisitPlanner, MatchingVisitPlanner>();
        services.AddSingleton<RankingStore>();
        services.AddSingleton<RankingCache>();
        services.AddSingleton<RankedEditions>();
        services.AddSingleton<AppraisalDrafts>();
        services.AddSingleton<CycleWorker>();
        services.AddSingleton<FailedWorkReplay>();
        services.AddSingleton<VisitPlanChanges>();
        services.Configure<CycleOptions>(configuration.GetSection(CycleOptions.Section));
        services.AddSingleton<YearlyDraft>();
        // The process: the cycle's orchestration, its activities, its client and guard (the host is chosen apart).
        services.AddOptions<ProcessOptions>().Bind(configuration.GetSection(ProcessOptions.Section));
        services.AddItEvalDurable(configuration, catalog => catalog.AddCycleProcess());
        services.AddSingleton<CycleActivities>();
        services.AddSingleton<CycleProcessClient>();
        services.AddSingleton<ICycleProcess>(sp => sp.GetRequiredService<CycleProcessClient>());
        services.AddSingleton<CycleProcessGuard>();

        return services;
    }
}
