namespace ItEval.Storage;

/// <summary>Something to do once storage exists (e.g. create the first admin account); must be safe to run again.</summary>
public interface IStorageReadyStep
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs the bootstrap at start, then the steps that need storage, and keeps retrying while storage is
/// unreachable, so the app starts (and /api/health can say what is wrong) even when storage is down.
/// </summary>
public sealed partial class StorageBootstrapService(
    StorageBootstrap bootstrap, IEnumerable<IStorageReadyStep> steps, TimeProvider time, ILogger<StorageBootstrapService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bootstrap.EnsureCreatedAsync(stoppingToken);
                foreach (var step in steps)
                {
                    await step.RunAsync(stoppingToken);
                }

                LogReady(logger);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, ex, delay);
            }

            await Task.Delay(delay, time, stoppingToken);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage tables, containers and queues are ready")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not reachable yet; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception exception, TimeSpan delay);
}
