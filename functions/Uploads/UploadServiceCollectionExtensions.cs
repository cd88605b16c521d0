using ItEval.Links;
using ItEval.Web.UnitPage;

namespace ItEval.Uploads;

public static class UploadServiceCollectionExtensions
{
    /// <summary>The unit's page: link gate, refusal limiter, uploads and the page renderer.</summary>
    public static IServiceCollection AddItEvalUnitPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadOptions>()
            .Bind(configuration.GetSection(UploadOptions.Section))
            .Validate(o => o.MaxEvidenceBytes > 0 && o.MaxEvidenceFiles > 0 && o.MaxFormVersions > 0 && o.MaxEvidenceUnpackedBytes > 0 && o.MaxEvidencePackageEntries > 0,
                "Uploads__MaxEvidenceBytes, __MaxEvidenceFiles, __MaxFormVersions, __MaxEvidenceUnpackedBytes and __MaxEvidencePackageEntries must be positive.")
            .ValidateOnStart();
        services.AddSingleton<UploadVersionStore>();
        services.AddSingleton<UnitUploads>();
        services.AddSingleton<UnitLinkGate>();
        services.AddSingleton<RefusalLimiter>();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<UnitPageServices>();
        return services;
    }
}
