using System.Collections.Concurrent;

namespace ItEval.Engine;

/// <summary>
/// Group commit: commands for one stream queue up; one drain at a time (started by the caller that
/// found nobody draining) takes the stream's gate for each group and hands the waiting commands to
/// <c>decide</c> as groups (in arrival order), which decides them
/// one after another and stores all their events in one append. A group costs one round trip, not one
/// per command, and each caller still gets its own result. The other callers only wait for their result:
/// they never queue for the gate, so a burst pays no hand-over per command. Commands <c>decide</c> leaves
/// without a result (beyond one append's capacity) lead the next group.
/// </summary>
public sealed class GroupCommit<TCommand, TResult>(StreamGates gates, int maxGroup)
{
    /// <summary>A command waiting for its stream, and where its caller waits for the result.</summary>
    public sealed class Pending(TCommand command)
    {
        private int _state;

        public TCommand Command { get; } = command;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Claimed for a group: from now on it is decided whatever its caller does.</summary>
        internal bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0 || Volatile.Read(ref _state) == 1;

        /// <summary>Withdrawn by its caller before any group took it.</summary>
        internal bool TryWithdraw() => Interlocked.CompareExchange(ref _state, -1, 0) == 0;
    }

    private sealed class Stream
    {
        public ConcurrentQueue<Pending> Waiting { get; } = new();

        public int Draining;
    }

    private readonly ConcurrentDictionary<string, Stream> _streams = new(StringComparer.Ordinal);

    public async Task<TResult> SubmitAsync(string stream, TCommand command, Func<IReadOnlyList<Pending>, Task> decide, CancellationToken cancellationToken)
    {
        var mine = new Pending(command);
        var queue = _streams.GetOrAdd(stream, _ => new Stream());
        queue.Waiting.Enqueue(mine);
        if (Interlocked.CompareExchange(ref queue.Draining, 1, 0) == 0)
        {
            _ = Task.Run(() => DrainAsync(stream, queue, decide), CancellationToken.None);
        }

        using (cancellationToken.Register(() =>
        {
            if (mine.TryWithdraw())
            {
                mine.Done.TrySetCanceled(cancellationToken);
            }
        }))
        {
            return await mine.Done.Task;
        }
    }

    /// <summary>The drain: groups until nothing waits, then the next caller starts another.</summary>
    private async Task DrainAsync(string stream, Stream queue, Func<IReadOnlyList<Pending>, Task> decide)
    {
        while (true)
        {
            var carried = new List<Pending>();
            while (true)
            {
                var group = new List<Pending>(carried);
                while (group.Count < maxGroup && queue.Waiting.TryDequeue(out var next))
                {
                    if (next.TryTake() && !next.Done.Task.IsCompleted)
                    {
                        group.Add(next);
                    }
                }

                if (group.Count == 0)
                {
                    break;
                }

                // The gate is held per group, so readers of the stream get their turn during a long burst.
                using (await gates.EnterAsync(stream, CancellationToken.None))
                {
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
                }

                carried = [.. group.Where(p => !p.Done.Task.IsCompleted)];
            }

            Volatile.Write(ref queue.Draining, 0);
            // A command queued after the last look but before the flag was cleared would wait for nobody.
            if (queue.Waiting.IsEmpty || Interlocked.CompareExchange(ref queue.Draining, 1, 0) != 0)
            {
                return;
            }
        }
    }
}
