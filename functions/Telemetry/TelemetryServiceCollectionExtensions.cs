using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ItEval.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting App Service and the Bicep use for Application Insights.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// The app's counters always; exporting to Application Insights (traces of requests, storage calls and
    /// work items, the app's metrics, logs) only when the connection string is set, so locally and in tests
    /// nothing leaves the machine.
    /// </summary>
    public static IServiceCollection AddItEvalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<ItEvalTelemetry>();
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .UseAzureMonitor(options => options.ConnectionString = configuration[ConnectionStringSetting])
            .WithTracing(tracing => tracing.AddSource(ItEvalTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ItEvalTelemetry.Name));
        return services;
    }
}
