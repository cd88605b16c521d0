namespace ItEval.Cycle;

/// <summary>
/// The durable-timer sweep, run every minute (timer trigger on Azure, background service standalone):
/// for every active cycle, catch up, re-enqueue work a crash left behind, and fire due timers; and draft
/// next year's cycle when the yearly schedule is due.
/// </summary>
public sealed partial class TimerSweep(CycleStore store, CycleEngine engine, YearlyDraft yearly, ILogger<TimerSweep> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        // Work queued by the sweep (reminders, closing phases) joins this span's trace.
        using var activity = ItEval.Telemetry.ItEvalTelemetry.Source.StartActivity("timer sweep", System.Diagnostics.ActivityKind.Consumer);
        await yearly.RunAsync(engine.Time.GetUtcNow(), cancellationToken);
        var cycles = await store.ListAsync(activeOnly: true, cancellationToken);
        foreach (var cycle in cycles)
        {
            try
            {
                await engine.CatchUpAsync(cycle, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One cycle that cannot be swept must not hold back the timers of every other cycle.
                LogCycleFailed(logger, ex, cycle.Id);
            }
        }

        return cycles.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The timer sweep could not handle cycle {CycleId}; the other cycles were swept")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception, string cycleId);
}
