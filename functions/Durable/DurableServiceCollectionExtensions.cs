using Microsoft.DurableTask.Client;

namespace ItEval.Durable;

public static class DurableServiceCollectionExtensions
{
    /// <summary>The app's orchestrations and activities (<paramref name="register"/>) and the task hub's settings; the host is added apart.</summary>
    public static IServiceCollection AddItEvalDurable(this IServiceCollection services, IConfiguration configuration, Action<DurableCatalog> register)
    {
        services.AddOptions<DurableOptions>()
            .Bind(configuration.GetSection(DurableOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // DurableTask writes a line per message at Information; the app's logs keep its warnings and errors.
        services.AddLogging(logging => logging
            .AddFilter("DurableTask", LogLevel.Warning)
            .AddFilter("Microsoft.DurableTask", LogLevel.Warning));
        var catalog = new DurableCatalog();
        register(catalog);
        services.AddSingleton(catalog);
        return services;
    }

    /// <summary>
    /// Standalone: the orchestrations run in this process on DurableTask.Core's worker (<see cref="StandaloneTaskHub"/>),
    /// and the app manages them through a <see cref="DurableTaskClient"/> over DurableTask.Core's client.
    /// </summary>
    public static IServiceCollection AddStandaloneTaskHub(this IServiceCollection services)
    {
        services.AddSingleton<StandaloneTaskHub>();
        services.AddHostedService(sp => sp.GetRequiredService<StandaloneTaskHub>());
        services.AddSingleton<DurableTaskClient>(sp => new CoreDurableTaskClient(sp.GetRequiredService<StandaloneTaskHub>()));
        return services;
    }
}
