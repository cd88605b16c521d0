using System.Collections.Concurrent;

namespace ItEval.Engine;

/// <summary>
/// Group commit: commands that arrive for one stream while it is busy wait together; whoever holds the
/// stream's gate next hands them to <c>decide</c> as one group (in arrival order), which decides them one
/// after another and stores all their events in one append. A group costs one round trip, not one per
/// command, and each caller still gets its own result. Commands <c>decide</c> leaves without a result
/// (beyond one append's capacity) wait for the next group.
/// </summary>
public sealed class GroupCommit<TCommand, TResult>(StreamGates gates, int maxGroup)
{
    /// <summary>A command waiting for its stream, and where its caller waits for the result.</summary>
    public sealed class Pending(TCommand command)
    {
        public TCommand Command { get; } = command;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Pending>> _waiting = new(StringComparer.Ordinal);

    public async Task<TResult> SubmitAsync(string stream, TCommand command, Func<IReadOnlyList<Pending>, Task> decide, CancellationToken cancellationToken)
    {
        var mine = new Pending(command);
        var waiting = _waiting.GetOrAdd(stream, _ => new ConcurrentQueue<Pending>());
        waiting.Enqueue(mine);
        StreamGates.Held held;
        try
        {
            held = await gates.EnterAsync(stream, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Not decided yet: the next holder of the stream skips it.
            mine.Done.TrySetCanceled(cancellationToken);
            throw;
        }

        using (held)
        {
            while (!mine.Done.Task.IsCompleted)
            {
                var group = new List<Pending>();
                while (group.Count < maxGroup && waiting.TryDequeue(out var next))
                {
                    if (!next.Done.Task.IsCompleted)
                    {
                        group.Add(next);
                    }
                }

                if (group.Count == 0)
                {
                    continue;
                }

                try
                {
                    await decide(group);
                }
                catch (Exception ex)
                {
                    // Storage failed, or a test crashed the engine on purpose: every caller of the group learns it.
                    foreach (var pending in group)
                    {
                        pending.Done.TrySetException(ex);
                    }
                }

                foreach (var rest in group.Where(p => !p.Done.Task.IsCompleted))
                {
                    waiting.Enqueue(rest);
                }
            }
        }

        return await mine.Done.Task;
    }
}
