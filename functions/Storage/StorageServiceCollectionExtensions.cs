using Microsoft.Extensions.Options;

namespace ItEval.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Storage clients from <c>AzureWebJobsStorage</c>, the app's resource names, bootstrap and health.</summary>
    public static IServiceCollection AddItEvalStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(_ => StorageConnection.From(configuration));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient(Options(sp)));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(Options(sp)));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(Options(sp)));
        services.AddSingleton(sp => new StorageNames(Options(sp).Prefix));
        services.AddSingleton<StorageBootstrap>();
        services.AddSingleton<StorageHealth>();
        services.AddHostedService<StorageBootstrapService>();
        services.AddItEvalDataProtection();
        return services;
    }

    private static StorageOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
