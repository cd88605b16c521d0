using System.Globalization;

namespace ItEval.Cycle;

/// <summary>A work item that failed every retry: what it was, why, and when (shown to the admin until replayed).</summary>
public sealed record FailedWork(string WorkId, string Kind, string Error, DateTimeOffset At);

/// <summary>
/// Replays failed work once its cause is fixed: each failed item is derived again from the event that
/// caused it (work ids carry that event's sequence), so the replay runs exactly the work the event
/// asked for, and its side effects stay keyed as before (an email already sent is not sent again).
/// </summary>
public sealed class FailedWorkReplay(CycleEngine engine, CycleStore store)
{
    /// <summary>Replays <paramref name="workIds"/> (all failed work when null), recorded in the history with the reason.</summary>
    public async Task<CommandResult> RetryAsync(string cycleId, IReadOnlyList<string>? workIds, string reason, string by, CancellationToken cancellationToken)
    {
        var (failed, state) = await engine.QueryAsync(cycleId, s => (s.FailedWork.Keys.ToList(), s), cancellationToken);
        var items = new List<WorkItem>();
        foreach (var workId in workIds ?? failed)
        {
            if (failed.Contains(workId) && await DeriveAsync(state, workId, cancellationToken) is { } item)
            {
                items.Add(item);
            }
            else
            {
                // Not failed (or not derivable): the decider refuses it with a clear message.
                items.Add(new WorkItem(cycleId, workId, "", []));
            }
        }

        return await engine.HandleAsync(cycleId, new RetryFailedWork(items, reason) { By = by }, cancellationToken);
    }

    private async Task<WorkItem?> DeriveAsync(CycleState state, string workId, CancellationToken cancellationToken)
    {
        var parts = workId.Split(':');
        if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1)
        {
            return null;
        }

        var stored = await store.ReadAsync(state.Id, sequence - 1, cancellationToken, take: 1);
        return stored is [var origin] && origin.Sequence == sequence
            ? CycleWork.For(state, origin.Event, sequence).FirstOrDefault(w => w.WorkId == workId)
            : null;
    }
}
