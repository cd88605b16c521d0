using System.Collections.Concurrent;

namespace ItEval.Cycle;

/// <summary>The outcome of a command for its caller: the phase and version after it, or why it was refused.</summary>
public sealed record CommandResult(string CycleId, CyclePhase Phase, long Version, bool Exists, Refusal? Refusal, int EventsAppended)
{
    public static CommandResult Of(CycleState state, Refusal? refusal, int appended) =>
        new(state.Id, state.Phase, state.Version, state.Exists, refusal, appended);
}

/// <summary>
/// The shell around the pure decider: load (cached state + newer events), decide, append insert-only,
/// then enqueue the work the new events require and record how far work was enqueued. A crash between
/// append and enqueue is repaired by the next pass over the cycle (<see cref="CatchUpAsync"/>), and
/// work items are idempotent, so nothing is lost and nothing is done twice.
/// </summary>
public sealed class CycleEngine(CycleStore store, WorkQueue queue, TimeProvider time, EngineSteps steps, Microsoft.Extensions.Options.IOptions<CycleOptions>? options = null)
{
    private const int MaxAttempts = 20;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CycleState> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastUse = new(StringComparer.Ordinal);
    private long _uses;

    /// <summary>Cycles kept in memory at most (<see cref="CycleOptions.MaxCachedCycles"/>).</summary>
    public int MaxCachedCycles { get; set; } = Math.Max(1, options?.Value.MaxCachedCycles ?? 50);

    /// <summary>Cycles this instance holds in memory now.</summary>
    public int CachedCycles => _cache.Count;
    private readonly ConcurrentDictionary<string, long> _summarized = new(StringComparer.Ordinal);

    /// <summary>The summary is rewritten at least every this many events, so a repair pass never re-reads more.</summary>
    private const long SummaryEvery = 50;

    public TimeProvider Time => time;

    /// <summary>How old an event must be before a repair pass enqueues its work for the instance that appended it (which died).</summary>
    public TimeSpan RepairAfter { get; set; } = TimeSpan.FromMinutes(1);

    public async Task<CommandResult> HandleAsync(string cycleId, CycleCommand command, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(cycleId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Decide on the cached state first and let the insert-only append detect staleness; a refusal
            // or a no-op is confirmed on fresh state before it is returned.
            var fresh = !_cache.ContainsKey(cycleId);
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                // The cached copy may have left the cache meanwhile (another cycle needed the room): load it then.
                var state = !fresh && _cache.TryGetValue(cycleId, out var cachedState) ? cachedState : await LoadLockedAsync(cycleId, cancellationToken);
                var now = time.GetUtcNow();
                var decision = CycleDecider.Decide(state, command, now);
                if (decision.Refused || decision.Events.Count == 0)
                {
                    if (!fresh)
                    {
                        fresh = true;
                        continue;
                    }

                    return CommandResult.Of(state, decision.Refusal, 0);
                }

                if (!await store.AppendAsync(cycleId, state.Version, decision.Events, cancellationToken))
                {
                    // Another instance appended first. Our copy is unchanged (deciding does not mutate it), so
                    // the next load reads just the newer events; a short random pause spreads the retries.
                    fresh = true;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * (attempt + 1))), cancellationToken);
                    continue;
                }

                var first = state.Version + 1;
                var phaseBefore = state.Phase;
                foreach (var e in decision.Events)
                {
                    CycleDecider.Evolve(state, e);
                }

                await steps.ReachedAsync(EngineSteps.AfterAppend);
                await EnqueueNewAsync(state, decision.Events, first, phaseBefore, cancellationToken);
                return CommandResult.Of(state, null, decision.Events.Count);
            }

            return CommandResult.Of(await LoadLockedAsync(cycleId, cancellationToken),
                new Refusal(RefusalKind.Conflict, "Có quá nhiều thao tác đồng thời; hãy thử lại.", "Too many concurrent changes; try again."), 0);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Reads the current state through <paramref name="read"/> while no command of this instance changes
    /// it; copy out what you need, do I/O afterwards.
    /// </summary>
    public async Task<T> QueryAsync<T>(string cycleId, Func<CycleState, T> read, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(cycleId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return read(await LoadLockedAsync(cycleId, cancellationToken));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The sweep's pass over one cycle: catch up with events appended elsewhere, enqueue any work an
    /// earlier crash left unqueued, and fire due timers.
    /// </summary>
    public async Task CatchUpAsync(CycleSummary summary, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(summary.Id, _ => new SemaphoreSlim(1, 1));
        DateTimeOffset? next;
        await gate.WaitAsync(cancellationToken);
        try
        {
            var state = await LoadLockedAsync(summary.Id, cancellationToken);
            if (!state.Exists)
            {
                return;
            }

            // The listed row may be older than the pass: only a fresh one says what is still unqueued.
            var enqueuedThrough = Math.Max(_summarized.GetValueOrDefault(summary.Id), summary.EnqueuedThrough);
            if (enqueuedThrough < state.Version)
            {
                enqueuedThrough = Math.Max(enqueuedThrough, (await store.GetSummaryAsync(summary.Id, cancellationToken))?.EnqueuedThrough ?? 0);
            }

            if (enqueuedThrough < state.Version)
            {
                await EnqueueAsync(state, enqueuedThrough + 1, cancellationToken);
            }

            next = CycleDecider.PendingTimers(state) is [var first, ..] ? first.At : null;
        }
        finally
        {
            gate.Release();
        }

        var now = time.GetUtcNow();
        if (next <= now)
        {
            await HandleAsync(summary.Id, new Tick(now) { By = "timer" }, cancellationToken);
        }
    }

    /// <summary>
    /// Enqueues the work of events just appended, then records how far work is enqueued. The summary row
    /// is written when there was work, the phase changed, or every <see cref="SummaryEvery"/> events; in
    /// between it may lag, which only means a repair pass derives (no) work for those few events again.
    /// </summary>
    private async Task EnqueueNewAsync(CycleState state, IReadOnlyList<CycleEvent> events, long first, CyclePhase phaseBefore, CancellationToken cancellationToken)
    {
        var work = events.SelectMany((e, i) => CycleWork.For(state, e, first + i)).ToList();
        foreach (var item in work)
        {
            await queue.EnqueueAsync(item, cancellationToken);
        }

        if (work.Count > 0 || state.Phase != phaseBefore || first == 1 || state.Version - _summarized.GetValueOrDefault(state.Id) >= SummaryEvery)
        {
            await store.SaveSummaryAsync(state, state.Version, CycleDecider.PendingTimers(state) is [var next, ..] ? next.At : null, cancellationToken);
            _summarized[state.Id] = state.Version;
        }
    }

    /// <summary>
    /// Repair: enqueues the work of stored events from <paramref name="fromSequence"/> on, then records it in
    /// the summary. Events younger than <see cref="RepairAfter"/> are left to a later pass: the instance
    /// that appended them is most likely enqueuing their work right now, and enqueuing it a second time
    /// would only make two deliveries of every item.
    /// </summary>
    private async Task EnqueueAsync(CycleState state, long fromSequence, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(state.Id, fromSequence - 1, cancellationToken);
        var settled = time.GetUtcNow() - RepairAfter;
        var through = fromSequence - 1;
        foreach (var stored in events.Where(e => e.Sequence <= state.Version))
        {
            if (stored.Event.At > settled)
            {
                break;
            }

            foreach (var work in CycleWork.For(state, stored.Event, stored.Sequence))
            {
                await queue.EnqueueAsync(work, cancellationToken);
            }

            through = stored.Sequence;
        }

        if (through >= fromSequence)
        {
            await store.SaveSummaryAsync(state, through, CycleDecider.PendingTimers(state) is [var next, ..] ? next.At : null, cancellationToken);
            _summarized[state.Id] = through;
        }
    }

    private async Task<CycleState> LoadLockedAsync(string cycleId, CancellationToken cancellationToken)
    {
        var cached = _cache.GetValueOrDefault(cycleId);
        var state = cached ?? CycleState.Fold(cycleId, []);
        foreach (var stored in await store.ReadAsync(cycleId, state.Version, cancellationToken))
        {
            state.Apply(stored.Event);
        }

        if (state.Exists && cached is null)
        {
            // First time this instance sees the cycle (e.g. after a restart): enqueue whatever a crash
            // left unqueued, even for a cycle the sweep cannot list yet.
            var summary = await store.GetSummaryAsync(cycleId, cancellationToken);
            if (summary is null || summary.EnqueuedThrough < state.Version)
            {
                await EnqueueAsync(state, (summary?.EnqueuedThrough ?? 0) + 1, cancellationToken);
            }
        }

        if (state.Exists)
        {
            _cache[cycleId] = state;
            _lastUse[cycleId] = Interlocked.Increment(ref _uses);
            Trim();
        }

        return state;
    }

    /// <summary>
    /// Drops the least recently used cycles beyond the bound. Safe at any time: a command holding a dropped
    /// state finishes on its own copy (its events are stored), and the next use reads the cycle again.
    /// </summary>
    private void Trim()
    {
        var over = _cache.Count - MaxCachedCycles;
        if (over <= 0)
        {
            return;
        }

        foreach (var cycleId in _lastUse.OrderBy(use => use.Value).Take(over).Select(use => use.Key).ToList())
        {
            _cache.TryRemove(cycleId, out _);
            _lastUse.TryRemove(cycleId, out _);
        }
    }
}
