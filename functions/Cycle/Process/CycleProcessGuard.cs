namespace ItEval.Cycle.Process;

/// <summary>
/// Every active cycle that has started has a live orchestration: the guard starts one where it is missing
/// or ended (a crash right after the start was recorded, a purge, a cycle from a build before
/// orchestrations). Run every <see cref="ProcessOptions.GuardInterval"/> (a timer trigger on Azure, a
/// background service standalone).
/// </summary>
public sealed partial class CycleProcessGuard(CycleStore store, CycleEngine engine, CycleProcessClient process, ILogger<CycleProcessGuard> logger)
{
    /// <summary>Orchestrations started.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var cycle in await store.ListAsync(activeOnly: true, cancellationToken))
        {
            try
            {
                started += await EnsureAsync(cycle, cancellationToken) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One cycle that cannot be checked must not hold back the others.
                LogCycleFailed(logger, ex, cycle.Id);
            }
        }

        return started;
    }

    /// <summary>
    /// Lets the cycle's process catch up with the record and the clock: its orchestration is started if it
    /// should be running, woken, and waited for until it has nothing left to do. (Tests, the demo and the
    /// benchmarks move a clock of their own; production never needs to wait like this.)
    /// </summary>
    public async Task SettleAsync(string cycleId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        CyclePhase? read;
        try
        {
            read = await engine.QueryAsync(cycleId, s => s.Exists ? s.Phase : (CyclePhase?)null, cancellationToken);
        }
        catch (StoredEventTooNewException)
        {
            // This build cannot read the cycle (a newer one wrote it): its process waits for that build.
            return;
        }

        if (read is not { } phase)
        {
            return;
        }

        await process.EnsureRunningAsync(cycleId, phase, cancellationToken);
        // A suspended cycle's orchestration answers nothing until it is resumed: there is nothing to wait for.
        if (phase != CyclePhase.Suspended && await process.GetAsync(cycleId, cancellationToken) is { IsCompleted: false })
        {
            await process.WaitIdleAsync(cycleId, timeout, cancellationToken);
        }
    }

    /// <summary>
    /// A summary that still says Draft may be older than the record (the instance died between the start's
    /// append and the summary's write): the record decides.
    /// </summary>
    private async Task<bool> EnsureAsync(CycleSummary cycle, CancellationToken cancellationToken)
    {
        var phase = cycle.Phase;
        if (phase == CyclePhase.Draft)
        {
            phase = await engine.QueryAsync(cycle.Id, s => s.Phase, cancellationToken);
            if (phase != CyclePhase.Draft)
            {
                await engine.SaveSummaryAsync(cycle.Id, cancellationToken);
            }
        }

        return await process.EnsureRunningAsync(cycle.Id, phase, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The process guard could not check cycle {CycleId}; the other cycles were checked")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception, string cycleId);
}
