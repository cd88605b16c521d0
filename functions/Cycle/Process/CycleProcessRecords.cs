namespace ItEval.Cycle.Process;

/// <summary>
/// What one generation of a cycle's orchestration starts from: the cycle, how far in its event log the
/// process has run the work (<see cref="Through"/>: every event up to it has had its work done), the
/// shape of the generation's code (see <see cref="CycleOrchestration"/>), the last wake-up it owes an
/// answer, and the trace of whoever woke it. Small by design: no unit is named in it.
/// </summary>
public sealed record CycleProcessInput(string CycleId, long Through, int Shape = CycleOrchestration.CurrentShape, string? Ack = null, string? TraceParent = null);

/// <summary>The external event that wakes a cycle's orchestration: something was recorded that the process must act on, or a test's clock moved.</summary>
public sealed record Wake(string? Token = null, string? TraceParent = null);

/// <summary>The work one event requires: <see cref="Items"/> work items (each up to 100 units), found again by the event's sequence.</summary>
public sealed record WorkGroup(long Sequence, string Kind, int Items);

/// <summary>
/// What the orchestration must do next, read from the record by one activity: the work of the events
/// after its cursor, whether timers are due now (the decider would fire something), the next timer
/// after now (in the app's clock), and the words for its custom status.
/// </summary>
public sealed record ProcessStep(
    bool Exists,
    CyclePhase Phase,
    long Through,
    IReadOnlyList<WorkGroup> Work,
    bool More,
    DateTimeOffset Now,
    bool TimersDue,
    DateTimeOffset? TimerAt,
    bool Finished,
    ProcessSettings Settings,
    ProcessStatus Status);

/// <summary>Settings the orchestration needs, delivered through an activity so that replay sees the values the first run saw.</summary>
public sealed record ProcessSettings(TimeSpan Heartbeat, TimeSpan RetryDelay, int MaxAttempts, int ItemsPerActivity);

/// <summary>
/// The orchestration's custom status, as Durable Functions tools (the portal, Durable Functions Monitor,
/// the console) show it: the phase, counts, what the process waits for, and whether it answered a wake-up.
/// </summary>
public sealed record ProcessStatus(
    string Phase,
    long Version,
    int Units,
    int Announced,
    int Submitted,
    int Appraised,
    int Edition,
    int FailedWork,
    string Doing,
    string WaitingVi,
    string WaitingEn,
    DateTimeOffset? NextTimer,
    string? NextTimerPurpose,
    string? Ack = null,
    bool Idle = false);

/// <summary>Work items of one event that one activity runs: <see cref="Count"/> from <see cref="First"/>, or only the listed ones (a retry).</summary>
public sealed record WorkSlice(string CycleId, long Sequence, int First, int Count, IReadOnlyList<int>? Only = null, string? TraceParent = null, bool LastAttempt = false)
{
    public IEnumerable<int> Indexes => Only ?? Enumerable.Range(First, Count);
}

/// <summary>How a slice went: items done, items put off (the cycle is suspended), items that failed and why.</summary>
public sealed record SliceOutcome(int Done, int Deferred, IReadOnlyList<FailedItem> Failed);

public sealed record FailedItem(long Sequence, int Index, string WorkId, string Kind, string Error);

/// <summary>The orchestration's result when the cycle's process is over (closed, terminated, or gone).</summary>
public sealed record ProcessEnd(string CycleId, string Phase, long Version);
