using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>A request to change a cycle: from an admin, an appraiser, a unit's upload, a timer or a work item.</summary>
public abstract record CycleCommand
{
    public required string By { get; init; }
}

public sealed record CreateCycle(CycleDefinition Definition) : CycleCommand;

public sealed record StartCycle : CycleCommand;

public sealed record CompleteAnnouncement(IReadOnlyList<string> UnitIds) : CycleCommand;

public sealed record RecordSubmission(string UnitId, string SubmissionId, IReadOnlyDictionary<string, decimal> SelfScores) : CycleCommand;

public sealed record ExtendDeadline(string? UnitId, DateOnly Deadline, string Reason) : CycleCommand;

public sealed record ReopenUnit(string UnitId, DateOnly Until, string Reason) : CycleCommand;

public sealed record Advance(string Reason) : CycleCommand;

/// <summary>The durable timer sweep: fire whatever is due at <paramref name="Now"/>.</summary>
public sealed record Tick(DateTimeOffset Now) : CycleCommand;

public sealed record CompleteScheduling(IReadOnlyList<Visit>? Visits, string? ProblemVi, string? ProblemEn) : CycleCommand;

public sealed record ChangeAppraisalWindow(DateOnly Start, DateOnly End, int VisitsPerDay, string Reason) : CycleCommand;

public sealed record RecordAppraisal(string UnitId, IReadOnlyList<AppraisedScore> Scores) : CycleCommand;

public sealed record CloseAppraisal(string Reason) : CycleCommand;

public sealed record CompleteRanking(int Rows) : CycleCommand;

public sealed record PublishResults : CycleCommand;

public sealed record Reappraise(string UnitId, IReadOnlyList<AppraisedScore> Scores, string Reason) : CycleCommand;

public sealed record CloseCycle : CycleCommand;

public sealed record SuspendCycle(string Reason) : CycleCommand;

public sealed record ResumeCycle : CycleCommand;

public sealed record TerminateCycle(string Reason) : CycleCommand;

public sealed record FailWorkItem(string WorkId, string Kind, string Error) : CycleCommand;

public sealed record RecordLinkOpened(string UnitId) : CycleCommand;

/// <summary>Replay work items that failed every retry (the shell derives them again from the events that caused them).</summary>
public sealed record RetryFailedWork(IReadOnlyList<WorkItem> Items, string Reason) : CycleCommand;

public sealed record RecordBounce(string UnitId, string Email, string Reason) : CycleCommand;

/// <summary>The admin revokes a unit's link (e.g. the contact person changed) and sends a new one, optionally to new addresses.</summary>
public sealed record ReissueUnitLink(string UnitId, string Reason, IReadOnlyList<string>? Emails) : CycleCommand;

/// <summary>The unit declares the days it cannot receive the appraisal visit (replaces what it declared before).</summary>
public sealed record DeclareBlackoutDates(string UnitId, IReadOnlyList<DateOnly> Days) : CycleCommand;
