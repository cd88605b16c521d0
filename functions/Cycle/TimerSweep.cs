namespace ItEval.Cycle;

/// <summary>
/// The durable-timer sweep, run every minute (timer trigger on Azure, background service standalone):
/// for every active cycle, catch up, re-enqueue work a crash left behind, and fire due timers.
/// </summary>
public sealed class TimerSweep(CycleStore store, CycleEngine engine)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cycles = await store.ListAsync(activeOnly: true, cancellationToken);
        foreach (var cycle in cycles)
        {
            await engine.CatchUpAsync(cycle, cancellationToken);
        }

        return cycles.Count;
    }
}
