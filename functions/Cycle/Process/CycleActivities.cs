using ItEval.Email;
using ItEval.Engine;
using ItEval.Telemetry;
using Microsoft.Extensions.Options;

namespace ItEval.Cycle.Process;

/// <summary>Settings section <c>Process</c>: how a cycle's orchestration paces itself.</summary>
public sealed class ProcessOptions
{
    public const string Section = "Process";

    /// <summary>The longest an orchestration waits without looking at its cycle (a lost wake-up costs at most this).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first retry of failed work waits this long, each next one twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts of a work item before it is recorded as failed for the admin.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Work items (of up to 100 units each) one activity runs: 5 makes a 10,000-unit fan-out 20 activities.</summary>
    public int ItemsPerActivity { get; set; } = 5;

    /// <summary>How often every active cycle is checked to have a running orchestration (and the yearly draft is looked at).</summary>
    public TimeSpan GuardInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Events one look reads at most; a longer backlog is read over several generations.</summary>
    public int MaxEventsPerLook { get; set; } = 5_000;

    public ProcessSettings ForOrchestration() => new(Heartbeat, RetryDelay, Math.Max(1, MaxAttempts), Math.Max(1, ItemsPerActivity));
}

/// <summary>
/// The activities of a cycle's orchestration. They read and write only the record (through the engine,
/// the worker and the store); the orchestration learns counts and times, never units. Activities run at
/// least once, so each is idempotent: work items are, timers fire once by the decider's rules, failures
/// are recorded once per attempt sequence.
/// </summary>
public sealed partial class CycleActivities(
    CycleEngine engine, CycleStore store, CycleWorker worker, TimeProvider time, ItEvalTelemetry telemetry,
    IOptions<ProcessOptions> options, ILogger<CycleActivities> logger)
{
    private readonly LruCache<IReadOnlyList<WorkItem>> _derived = new(64);

    /// <summary>What the orchestration must do next: the work of events after its cursor, the next timer, its status.</summary>
    public async Task<ProcessStep> LookAsync(LookInput input, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(input.CycleId, input.Through, cancellationToken, take: options.Value.MaxEventsPerLook);
        var now = time.GetUtcNow();
        var step = await engine.QueryAsync(input.CycleId, state =>
        {
            if (!state.Exists)
            {
                return null;
            }

            var upTo = events.Count == 0 ? input.Through : Math.Min(events[^1].Sequence, state.Version);
            var suspended = state.Phase == CyclePhase.Suspended;
            // A terminated cycle's work is dropped; a suspended cycle's waits for its resumption.
            var work = suspended || state.Phase == CyclePhase.Terminated ? [] : events.Where(e => e.Sequence <= upTo)
                .Select(e => (e.Sequence, Items: CycleWork.For(state, e.Event, e.Sequence).ToList()))
                .Where(w => w.Items.Count > 0)
                .Select(w => new WorkGroup(w.Sequence, Kind(w.Items[0]), w.Items.Count))
                .ToList();
            // Due now: what the decider would fire on a tick (a timer listed as pending whose moment passed but
            // that no longer fires, e.g. a visit reminder after the visit's day, is neither due nor awaited).
            var due = !suspended && CycleDecider.Decide(state, new Tick(now) { By = "timer" }, now).Events.Count > 0;
            var timers = CycleDecider.PendingTimers(state);
            var next = suspended ? null : timers.FirstOrDefault(t => t.At > now);
            return new ProcessStep(
                Exists: true,
                state.Phase,
                Through: suspended ? input.Through : upTo,
                work,
                More: !suspended && upTo < state.Version,
                now,
                due,
                next?.At,
                Finished: state.IsFinished && timers.Count == 0,
                options.Value.ForOrchestration(),
                CycleProcessWords.Status(state, work, next));
        }, cancellationToken);
        if (step is null)
        {
            return new ProcessStep(false, CyclePhase.Draft, input.Through, [], false, now, false, null, true, options.Value.ForOrchestration(),
                CycleProcessWords.Missing(input.CycleId));
        }

        // Every event up to the cursor the orchestration came with has had its work done: the record says
        // so, for a restart (or a new orchestration after a purge) to begin there.
        await store.SaveProcessedThroughAsync(input.CycleId, input.Through, cancellationToken);
        return step;
    }

    /// <summary>Runs some work items of one event, one after another; a failure is reported, not thrown, so the others still run.</summary>
    public async Task<SliceOutcome> RunWorkAsync(WorkSlice slice, CancellationToken cancellationToken)
    {
        var items = await DeriveAsync(slice.CycleId, slice.Sequence, cancellationToken);
        var phase = await engine.QueryAsync(slice.CycleId, s => s.Phase, cancellationToken);
        if (phase == CyclePhase.Terminated)
        {
            return new SliceOutcome(slice.Indexes.Count(), 0, []);
        }

        var (done, deferred) = (0, 0);
        var failed = new List<FailedItem>();
        foreach (var index in slice.Indexes)
        {
            var work = index < items.Count ? items[index] : null;
            if (work is null)
            {
                failed.Add(new FailedItem(slice.Sequence, index, $"{slice.CycleId}:{slice.Sequence:D10}:#{index}", "unknown", "The event no longer requires this work item."));
                continue;
            }

            if (phase == CyclePhase.Suspended)
            {
                deferred++;
                telemetry.WorkProcessed(work.Kind, "deferred");
                continue;
            }

            using var activity = ItEvalTelemetry.StartWork(work.Kind, work.CycleId, slice.TraceParent);
            try
            {
                await RunAsync(work, cancellationToken);
                done++;
                telemetry.WorkProcessed(work.Kind, "done");
            }
            catch (EmailBusyException)
            {
                // Another run of this item (at-least-once) is sending the same emails: look again later, not as a failure.
                deferred++;
                telemetry.WorkProcessed(work.Kind, "deferred");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not SimulatedCrashException and not DurableTask.Core.Exceptions.SessionAbortedException)
            {
                LogFailed(logger, ex, work.WorkId);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                failed.Add(new FailedItem(slice.Sequence, index, work.WorkId, work.Kind, ex.Message));
                if (!slice.LastAttempt)
                {
                    telemetry.WorkRetried(work.Kind);
                }
            }
        }

        return new SliceOutcome(done, deferred, failed);
    }

    /// <summary>One item; emails another run is sending are waited for a little before the item is put off.</summary>
    private async Task RunAsync(WorkItem work, CancellationToken cancellationToken)
    {
        try
        {
            await worker.RunAsync(work, cancellationToken);
        }
        catch (EmailBusyException busy) when (busy.RetryAfter <= MaxBusyWait)
        {
            await Task.Delay(busy.RetryAfter, cancellationToken);
            await worker.RunAsync(work, cancellationToken);
        }
    }

    /// <summary>How long an item waits in place for emails another run is sending.</summary>
    public static TimeSpan MaxBusyWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Asks the cycle to fire whatever timers are due now (the decider decides what that is).</summary>
    public async Task<int> FireTimersAsync(string cycleId, CancellationToken cancellationToken)
    {
        var result = await engine.HandleAsync(cycleId, new Tick(time.GetUtcNow()) { By = "timer" }, cancellationToken);
        return result.EventsAppended;
    }

    /// <summary>Records work that failed every attempt: the admin sees it in words, gets an alert, and can retry it.</summary>
    public async Task<int> RecordFailuresAsync(FailuresInput input, CancellationToken cancellationToken)
    {
        var recorded = 0;
        foreach (var failure in input.Items)
        {
            var (workId, kind) = (failure.WorkId, failure.Kind);
            if (kind == "unknown" && (await DeriveAsync(input.CycleId, failure.Sequence, cancellationToken)) is var items && failure.Index < items.Count)
            {
                (workId, kind) = (items[failure.Index].WorkId, items[failure.Index].Kind);
            }

            telemetry.WorkPoisoned(kind);
            var result = await engine.HandleAsync(input.CycleId, new FailWorkItem(workId, kind, failure.Error) { By = "system" }, cancellationToken);
            recorded += result.EventsAppended > 0 ? 1 : 0;
        }

        return recorded;
    }

    /// <summary>The work items an event requires, derived again from the stored event (kept for the other slices of the same event).</summary>
    private async Task<IReadOnlyList<WorkItem>> DeriveAsync(string cycleId, long sequence, CancellationToken cancellationToken)
    {
        var key = $"{cycleId}\n{sequence}";
        if (_derived.Get(key) is { } cached)
        {
            return cached;
        }

        var stored = await store.ReadAsync(cycleId, sequence - 1, cancellationToken, take: 1);
        IReadOnlyList<WorkItem> items = stored is [var origin] && origin.Sequence == sequence
            ? await engine.QueryAsync(cycleId, s => CycleWork.For(s, origin.Event, sequence).ToList(), cancellationToken)
            : [];
        _derived.Set(key, items);
        return items;
    }

    private static string Kind(WorkItem work) => work.EmailKind is { } email ? $"{work.Kind}:{email}" : work.Kind;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item {WorkId} failed; the orchestration retries it")]
    private static partial void LogFailed(ILogger logger, Exception exception, string workId);
}
