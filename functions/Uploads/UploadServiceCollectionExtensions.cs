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
            .Validate(o => o.MaxEvidenceBytes > 0 && o.MaxEvidenceFiles > 0 && o.MaxFormVersions > 0 && o.MaxEvidenceUnpackedBytes > 0 && o.MaxEvidencePackageEntries > 0
                    && o.MaxBytesPerUnit > 0 && o.MaxBytesPerCycle >= o.MaxBytesPerUnit,
                "Uploads__MaxEvidenceBytes, __MaxEvidenceFiles, __MaxFormVersions, __MaxEvidenceUnpackedBytes, __MaxEvidencePackageEntries and __MaxBytesPerUnit must be positive, __MaxBytesPerCycle at least __MaxBytesPerUnit.")
            .ValidateOnStart();
        services.AddSingleton<UploadVersionStore>();
        services.AddSingleton<StorageQuota>();
        services.AddSingleton<UnitUploads>();
        services.AddSingleton<UnitLinkGate>();
        services.AddSingleton<RefusalLimiter>();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<UnitPageServices>();
        return services;
    }
}
