namespace ItEval.Cycle;

/// <summary>
/// The durable-timer sweep, run every minute (timer trigger on Azure, background service standalone):
/// for every active cycle, catch up, re-enqueue work a crash left behind, and fire due timers; and draft
/// next year's cycle when the yearly schedule is due.
/// </summary>
public sealed class TimerSweep(CycleStore store, CycleEngine engine, YearlyDraft yearly)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await yearly.RunAsync(engine.Time.GetUtcNow(), cancellationToken);
        var cycles = await store.ListAsync(activeOnly: true, cancellationToken);
        foreach (var cycle in cycles)
        {
            await engine.CatchUpAsync(cycle, cancellationToken);
        }

        return cycles.Count;
    }
}
