using System.Collections.Concurrent;
using System.Text.Json;
using ItEval.Engine;

namespace ItEval.Cycle;

/// <summary>The outcome of a command for its caller: the phase and version after it, or why it was refused.</summary>
public sealed record CommandResult(string CycleId, CyclePhase Phase, long Version, bool Exists, Refusal? Refusal, int EventsAppended)
{
    public static CommandResult Of(CycleState state, Refusal? refusal, int appended) =>
        new(state.Id, state.Phase, state.Version, state.Exists, refusal, appended);
}

/// <summary>
/// The cycle's record on the engine (<see cref="ItEval.Engine"/>): load (cached state, else snapshot, +
/// newer events), decide with the pure decider, append insert-only, then tell the cycle's process
/// (<see cref="ICycleProcess"/>: its Durable orchestration) about events it must act on. The process reads
/// what to do from the record itself, so a signal lost to a crash only delays it (its heartbeat looks
/// again), and work is idempotent, so nothing is lost and nothing is done twice.
/// </summary>
public sealed partial class CycleEngine(CycleStore store, ICycleProcess process, TimeProvider time, EngineSteps steps, Microsoft.Extensions.Options.IOptions<CycleOptions>? options = null, ILogger<CycleEngine>? logger = null,
    StreamLeases? writers = null)
{
    private const int MaxAttempts = 20;
    private readonly StreamGates _gates = new();
    private readonly LruCache<CycleState> _cache = new(options?.Value.MaxCachedCycles ?? 50);
    private readonly ConcurrentDictionary<string, long> _summarized = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _snapshotted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _snapshotting = new(StringComparer.Ordinal);
    private GroupCommit<CycleCommand, CommandResult>? _groups;

    private GroupCommit<CycleCommand, CommandResult> Groups => _groups ??= new(_gates, MaxGroup, writers is null ? null : TakeWriterTurnAsync);

    /// <summary>Cycles whose cached state may miss events another instance appended while it held the writer's turn.</summary>
    private readonly ConcurrentDictionary<string, bool> _catchUp = new(StringComparer.Ordinal);

    /// <summary>
    /// The cycle's writer turn across instances (<see cref="StreamLeases"/>): a cycle's commands are decided
    /// by one instance at a time, which first reads what the others appended (one small query) instead of
    /// losing the append race and reloading the whole cycle.
    /// </summary>
    private async Task<IAsyncDisposable?> TakeWriterTurnAsync(string cycleId)
    {
        var turn = await writers!.AcquireAsync(cycleId, CancellationToken.None);
        _catchUp[cycleId] = true;
        return turn;
    }

    /// <summary>Cycles kept in memory at most (<see cref="CycleOptions.MaxCachedCycles"/>).</summary>
    public int MaxCachedCycles { get => _cache.Capacity; set => _cache.Capacity = Math.Max(1, value); }

    /// <summary>Events after which a cycle's snapshot is written again at least (<see cref="CycleOptions.SnapshotEvery"/>).</summary>
    public int SnapshotEvery { get; set; } = Math.Max(1, options?.Value.SnapshotEvery ?? 1000);

    /// <summary>Cycles this instance holds in memory now.</summary>
    public int CachedCycles => _cache.Count;

    private long _appends, _appendedCommands;

    /// <summary>Appends this instance made, and the commands they carried (their ratio is the mean group size).</summary>
    public (long Appends, long Commands) GroupCommits => (Interlocked.Read(ref _appends), Interlocked.Read(ref _appendedCommands));

    /// <summary>Snapshot writes still running (tests and benchmarks wait for them).</summary>
    public Task SnapshotsWritten => Task.WhenAll(_snapshotting.Values);

    /// <summary>
    /// The summary is rewritten at least every this many events (or a twentieth of the units, whichever is
    /// more: on Azurite a summary write costs as much as a group's append), so a repair pass never re-reads
    /// more and lists' counts lag little.
    /// </summary>
    private const long SummaryEvery = 50;

    private static long SummaryInterval(CycleState state) => Math.Max(SummaryEvery, state.Units.Count / 20);

    public TimeProvider Time => time;

    /// <summary>Commands decided together and appended in one table transaction at most.</summary>
    public const int MaxGroup = 50;

    /// <summary>
    /// Decides <paramref name="command"/> with the others waiting for the same cycle (group commit): one
    /// append per group, each caller its own result (accepted, or refused with its reason).
    /// </summary>
    public Task<CommandResult> HandleAsync(string cycleId, CycleCommand command, CancellationToken cancellationToken) =>
        Groups.SubmitAsync(cycleId, command, group => DecideGroupAsync(cycleId, group, CancellationToken.None), cancellationToken);

    /// <summary>
    /// Decides a group one command after another on the cached state and appends all their events in one
    /// transaction. The group's storage work is done for every caller in it, so one caller's cancellation
    /// does not stop the others' commands (storage calls are bounded by their own timeouts).
    /// </summary>
    private async Task DecideGroupAsync(string cycleId, IReadOnlyList<GroupCommit<CycleCommand, CommandResult>.Pending> group, CancellationToken cancellationToken)
    {
        try
        {
            // Decide on the cached state first and let the insert-only append detect staleness; a refusal
            // or a no-op is confirmed on fresh state before it is returned.
            var fresh = !_cache.Contains(cycleId) | _catchUp.TryRemove(cycleId, out _);
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var state = !fresh && _cache.Get(cycleId) is { } cachedState ? cachedState : await LoadLockedAsync(cycleId, cancellationToken);
                var (first, phaseBefore) = (state.Version + 1, state.Phase);
                var now = time.GetUtcNow();
                var events = new List<CycleEvent>();
                var outcomes = new (Refusal? Refusal, int Appended)[group.Count];
                var decided = 0;
                var recheck = false;
                for (; decided < group.Count; decided++)
                {
                    var decision = CycleDecider.Decide(state, group[decided].Command, now);
                    if (decision.Refused || decision.Events.Count == 0)
                    {
                        if (!fresh && events.Count > 0)
                        {
                            // Append what was decided; this command leads the next group, where it is
                            // re-checked on fresh state without dropping the copy these events evolved.
                            break;
                        }

                        if (!fresh)
                        {
                            recheck = true;
                            break;
                        }

                        outcomes[decided] = (decision.Refusal, 0);
                        continue;
                    }

                    if (events.Count + decision.Events.Count > EventLog<CycleEvent>.MaxAppend)
                    {
                        // One transaction holds 100 rows: the rest of the group goes in the next one.
                        break;
                    }

                    // Later commands of the group are decided on the state after this one's events.
                    foreach (var e in decision.Events)
                    {
                        CycleDecider.Evolve(state, e);
                    }

                    events.AddRange(decision.Events);
                    outcomes[decided] = (null, decision.Events.Count);
                }

                if (recheck)
                {
                    // Nothing of the group evolved the copy: read only what other instances appended since.
                    fresh = true;
                    continue;
                }

                if (events.Count > 0 && !await store.AppendAsync(cycleId, first - 1, events, cancellationToken))
                {
                    // Another instance appended first; our copy took events that are not stored: read it again.
                    Forget(cycleId, dirty: true);
                    fresh = true;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * (attempt + 1))), cancellationToken);
                    continue;
                }

                if (events.Count > 0)
                {
                    Interlocked.Increment(ref _appends);
                    Interlocked.Add(ref _appendedCommands, outcomes.Count(o => o.Appended > 0));
                    await steps.ReachedAsync(EngineSteps.AfterAppend);
                    await RecordedAsync(state, events, first, phaseBefore, cancellationToken);
                }

                for (var i = 0; i < decided; i++)
                {
                    group[i].Done.TrySetResult(CommandResult.Of(state, outcomes[i].Refusal, outcomes[i].Appended));
                }

                // Commands beyond a full transaction get no result here: the group commit takes them next.
                return;
            }

            var loaded = await LoadLockedAsync(cycleId, cancellationToken);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult(CommandResult.Of(loaded,
                    new Refusal(RefusalKind.Conflict, "Có quá nhiều thao tác đồng thời; hãy thử lại.", "Too many concurrent changes; try again."), 0));
            }
        }
        catch
        {
            // Storage failed, or a test crashed the engine on purpose: the copy that may hold unstored
            // events is dropped, and every caller of the group learns it.
            Forget(cycleId, dirty: true);
            throw;
        }
    }

    private void Forget(string cycleId, bool dirty)
    {
        if (dirty)
        {
            _cache.Remove(cycleId);
        }
    }

    /// <summary>Writes the summary row from the record (a repair after an instance died before writing it).</summary>
    public async Task SaveSummaryAsync(string cycleId, CancellationToken cancellationToken)
    {
        var summary = await QueryAsync(cycleId, s => s.Exists ? CycleStore.SummaryRow.Of(s, CycleDecider.PendingTimers(s) is [var next, ..] ? next.At : null) : null, cancellationToken);
        if (summary is not null)
        {
            await store.SaveSummaryAsync(summary, cancellationToken);
        }
    }

    /// <summary>
    /// Reads the current state through <paramref name="read"/> while no command of this instance changes
    /// it; copy out what you need, do I/O afterwards.
    /// </summary>
    public async Task<T> QueryAsync<T>(string cycleId, Func<CycleState, T> read, CancellationToken cancellationToken)
    {
        using (await _gates.EnterAsync(cycleId, cancellationToken))
        {
            return read(await LoadLockedAsync(cycleId, cancellationToken));
        }
    }

    /// <summary>
    /// After an append: the summary row, and the process told of events it must act on. The summary is
    /// written before the command returns when the process is told, the phase changed or the cycle is new
    /// (lists and the guard must see it), else every <see cref="SummaryInterval"/> events off the lock.
    /// </summary>
    private async Task RecordedAsync(CycleState state, IReadOnlyList<CycleEvent> events, long first, CyclePhase phaseBefore, CancellationToken cancellationToken)
    {
        CycleStore.SummaryRow Summary() => CycleStore.SummaryRow.Of(state, CycleDecider.PendingTimers(state) is [var next, ..] ? next.At : null);
        if (state.Phase != phaseBefore || first == 1 || events.Any(CycleWork.WakesProcess))
        {
            await store.SaveSummaryAsync(Summary(), cancellationToken);
            _summarized[state.Id] = state.Version;
        }
        else if (state.Version - _summarized.GetValueOrDefault(state.Id) >= SummaryInterval(state))
        {
            // Plain commands (a burst of uploads): the counts are written off the lock, the latest values
            // only, so the burst never waits for the summary's two round trips.
            _summarized[state.Id] = state.Version;
            WriteSummaryInBackground(Summary());
        }

        await process.RecordedAsync(state, events, cancellationToken);
        SnapshotIfDue(state, state.Phase != phaseBefore);
    }

    /// <summary>
    /// Writes the cycle's snapshot when enough events passed since the last one — at least
    /// <see cref="SnapshotEvery"/> and a quarter of the units (a large cycle's snapshot costs more), or a
    /// tenth of that when the phase just changed (the cycle often rests there) — so a cold instance replays
    /// at most a few thousand events. The JSON is taken now, while no command changes the state, and stored
    /// in the background: a lost or late snapshot only means a cold instance replays more.
    /// </summary>
    private void SnapshotIfDue(CycleState state, bool phaseChanged)
    {
        var since = state.Version - _snapshotted.GetValueOrDefault(state.Id);
        var due = Math.Max(SnapshotEvery, state.Units.Count / 4);
        if (since < (phaseChanged ? Math.Max(1, due / 10) : due) || _snapshotting.TryGetValue(state.Id, out var running) && !running.IsCompleted)
        {
            return;
        }

        var (id, version) = (state.Id, state.Version);
        _snapshotted[id] = version;
        byte[] json;
        try
        {
            json = SnapshotStore.Compress(gzip => CycleSnapshots.Write(state, gzip));
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            // A state this build cannot write is a bug to fix, never a reason to fail the command that was just stored.
            if (logger is not null)
            {
                LogSnapshotFailed(logger, ex, id, version);
            }

            return;
        }

        _snapshotting[id] = Task.Run(async () =>
        {
            try
            {
                await store.Snapshots.SaveCompressedAsync(id, version, CycleSnapshots.Schema, json, CancellationToken.None);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or IOException)
            {
                // The next snapshot will try again; events remain the truth.
                _snapshotted[id] = 0;
                if (logger is not null)
                {
                    LogSnapshotFailed(logger, ex, id, version);
                }
            }
        });
    }

    private readonly ConcurrentDictionary<string, CycleStore.SummaryRow> _summaryDue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _summaryWriting = new(StringComparer.Ordinal);

    /// <summary>One writer per cycle at a time, always writing the latest values it was given.</summary>
    private void WriteSummaryInBackground(CycleStore.SummaryRow summary)
    {
        lock (_summaryWriting)
        {
            _summaryDue[summary.Id] = summary;
            if (!_summaryWriting.ContainsKey(summary.Id))
            {
                _summaryWriting[summary.Id] = Task.Run(() => WriteDueSummariesAsync(summary.Id));
            }
        }
    }

    private async Task WriteDueSummariesAsync(string cycleId)
    {
        while (true)
        {
            CycleStore.SummaryRow? latest;
            lock (_summaryWriting)
            {
                if (!_summaryDue.TryRemove(cycleId, out latest))
                {
                    _summaryWriting.TryRemove(cycleId, out _);
                    return;
                }
            }

            try
            {
                await store.SaveSummaryAsync(latest, CancellationToken.None);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or ObjectDisposedException)
            {
                // A later write (or a repair pass, which re-reads a few more events) catches up.
            }
        }
    }

    private async Task<CycleState> LoadLockedAsync(string cycleId, CancellationToken cancellationToken)
    {
        var cached = _cache.Get(cycleId);
        var state = cached ?? await RestoreAsync(cycleId, cancellationToken);
        foreach (var stored in await store.ReadAsync(cycleId, state.Version, cancellationToken))
        {
            state.Apply(stored.Event);
        }

        if (state.Exists)
        {
            _cache.Set(cycleId, state);
        }

        return state;
    }

    /// <summary>The cycle as of its snapshot, or empty when it has none this build can read (then every event is replayed).</summary>
    private async Task<CycleState> RestoreAsync(string cycleId, CancellationToken cancellationToken)
    {
        if (await store.Snapshots.ReadAsync(cycleId, CycleSnapshots.Schema, CycleSnapshots.ReadAsync, cancellationToken) is var (version, state)
            && state.Id == cycleId && state.Version == version)
        {
            _snapshotted[cycleId] = version;
            return state;
        }

        return CycleState.Fold(cycleId, []);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot of cycle {CycleId} at version {Version} was not written; a cold instance replays more events until the next one")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string cycleId, long version);
}
