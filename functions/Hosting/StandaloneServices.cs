using ItEval.Cycle;
using ItEval.Cycle.Process;
using ItEval.Durable;
using Microsoft.Extensions.Options;

namespace ItEval.Hosting;

/// <summary>
/// Standalone: what timer triggers do on Azure — the yearly draft and the process guard — every
/// <see cref="ProcessOptions.GuardInterval"/>, in the instances that run the orchestration worker.
/// </summary>
public sealed partial class CycleHousekeepingService(
    CycleProcessGuard guard, YearlyDraft yearly, StandaloneTaskHub hub, IOptions<DurableOptions> durable, IOptions<ProcessOptions> process,
    TimeProvider time, ILogger<CycleHousekeepingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (durable.Value.RunWorker && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await hub.EnsureCreatedAsync();
                await yearly.RunAsync(time.GetUtcNow(), stoppingToken);
                await guard.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            // Real time: a demo or test clock that jumps must not make this spin.
            await Task.Delay(process.Value.GuardInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The yearly draft or the process guard failed; they run again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

public static class ProcessHostServiceCollectionExtensions
{
    /// <summary>
    /// The one seam that chooses where orchestrations run: on Azure the Functions host runs them and hands the
    /// app its client; standalone they run here. No orchestration code knows which.
    /// </summary>
    public static IServiceCollection AddItEvalProcessHost(this IServiceCollection services, HostingMode mode)
    {
        if (mode == HostingMode.Standalone)
        {
            services.AddStandaloneTaskHub();
            services.AddHostedService<CycleHousekeepingService>();
        }
        else
        {
            services.AddSingleton<Azure.DurableClientBinding>();
            services.AddSingleton<Microsoft.DurableTask.Client.DurableTaskClient, Azure.FunctionsDurableClient>();
        }

        return services;
    }
}
