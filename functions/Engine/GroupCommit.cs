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
/// <para>
/// With <paramref name="hold"/>, a drain first takes the stream's writer turn across instances (see
/// <see cref="StreamLeases"/>) and gives it back when its queue is empty, or after <paramref name="turn"/>
/// when more is waiting, so another instance's drain gets its turn too.
/// </para>
/// </summary>
public sealed class GroupCommit<TCommand, TResult>(StreamGates gates, int maxGroup,
    Func<string, Task<IAsyncDisposable?>>? hold = null, TimeSpan? turn = null, TimeProvider? time = null)
{
    private readonly TimeSpan _turn = turn ?? TimeSpan.FromMilliseconds(200);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

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

    /// <summary>The writer's turn; a failure to take it only means writing without it (the append still checks).</summary>
    private async Task<IAsyncDisposable?> HoldAsync(string stream)
    {
        try
        {
            return await hold!(stream);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The drain: groups until nothing waits, then the next caller starts another.</summary>
    private async Task DrainAsync(string stream, Stream queue, Func<IReadOnlyList<Pending>, Task> decide)
    {
        while (true)
        {
            var carried = new List<Pending>();
            IAsyncDisposable? held = null;
            var heldSince = 0L;
            while (true)
            {
                if (hold is not null && held is null && (carried.Count > 0 || !queue.Waiting.IsEmpty))
                {
                    held = await HoldAsync(stream);
                    heldSince = _time.GetTimestamp();
                }

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
                if (held is not null && _time.GetElapsedTime(heldSince) >= _turn)
                {
                    // Give the turn back and let another instance's drain take it before this one asks again.
                    await held.DisposeAsync();
                    held = null;
                    await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
                }
            }

            if (held is not null)
            {
                await held.DisposeAsync();
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
