using ItEval.Cycle;
using ItEval.Engine;

namespace ItEval.Hosting;

/// <summary>Standalone mode: pulls the work queue. Several instances may run; the queue gives each message to one.</summary>
public sealed partial class QueuePumpService(WorkPump pump, HostingOptions hosting, TimeProvider time, ILogger<QueuePumpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (hosting.RunsBackgroundWorkers && !stoppingToken.IsCancellationRequested)
        {
            var received = 0;
            try
            {
                received = await pump.PumpOnceAsync(32, 8, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPumpFailed(logger, ex);
            }

            if (received == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The work queue could not be read; retrying")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception);
}

/// <summary>Standalone mode: the durable-timer sweep every <see cref="HostingOptions.SweepInterval"/>.</summary>
public sealed partial class TimerSweepService(TimerSweep sweep, HostingOptions hosting, TimeProvider time, ILogger<TimerSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (hosting.RunsBackgroundWorkers && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweep.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }

            await Task.Delay(hosting.SweepInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The timer sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
