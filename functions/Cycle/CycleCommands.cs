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

/// <summary>Nhắc ngay: the admin sends a reminder now to chosen units that have not submitted (besides the planned reminders).</summary>
public sealed record RemindNow(IReadOnlyList<string> UnitIds) : CycleCommand;

public sealed record ReopenUnit(string UnitId, DateOnly Until, string Reason) : CycleCommand;

/// <summary>
/// Kết thúc thu phiếu sớm. Without <see cref="EvenIfMissing"/> only when every unit submitted; with it the admin
/// ends collection now (a trial cycle, a decision of the steering committee): units that did not submit are
/// "không nộp", and the reason names how many.
/// </summary>
public sealed record Advance(string Reason) : CycleCommand
{
    public bool EvenIfMissing { get; init; }
}

/// <summary>The durable timer sweep: fire whatever is due at <paramref name="Now"/>.</summary>
public sealed record Tick(DateTimeOffset Now) : CycleCommand;

public sealed record CompleteScheduling(IReadOnlyList<Visit>? Visits, string? ProblemVi, string? ProblemEn) : CycleCommand;

/// <summary>
/// Changes to the visit plan, computed by the replanner on <paramref name="PlanVersion"/> of the plan; refused
/// if the plan changed since, so two people moving visits at once cannot overbook a day.
/// </summary>
public sealed record ChangeVisits(IReadOnlyList<Visit> Visits, string Reason, int PlanVersion) : CycleCommand
{
    public string? DroppedMemberId { get; init; }

    public string? DroppedTeamId { get; init; }
}

public sealed record ChangeAppraisalWindow(DateOnly Start, DateOnly End, int VisitsPerDay, string Reason) : CycleCommand;

/// <summary>Far districts, make-up working days and neighbour groups, until the visit plan is made; the reason is optional.</summary>
public sealed record SetVisitPlanning(VisitPlanningSettings Settings, string? Reason = null) : CycleCommand;

/// <summary>
/// Điểm thẩm định for one unit. <see cref="AppraiserEmail"/> names the team member who records it when
/// that person is not an admin: they must be on the unit's visit and have no conflict of interest.
/// </summary>
public sealed record RecordAppraisal(string UnitId, IReadOnlyList<AppraisedScore> Scores) : CycleCommand
{
    public string? AppraiserEmail { get; init; }
}

public sealed record CloseAppraisal(string Reason) : CycleCommand;

/// <summary>The rank work item stored edition <paramref name="Edition"/>, ranking the scores of cycle version <paramref name="Basis"/>.</summary>
public sealed record CompleteRanking(int Rows, int Edition, string Sha256, IReadOnlyList<string> ChangedUnitIds, long Basis) : CycleCommand;

public sealed record CompleteExports(int Edition, IReadOnlyList<ExportFile> Files) : CycleCommand;

public sealed record PublishResults : CycleCommand;

/// <summary>Set the header of the official documents (before the first publication; afterwards only by <see cref="CorrectDocuments"/>).</summary>
public sealed record SetDocumentHeader(DocumentHeader Header) : CycleCommand;

/// <summary>Publish the same results again under a corrected header, as a new edition, with the reason.</summary>
public sealed record CorrectDocuments(DocumentHeader Header, string Reason) : CycleCommand;

public sealed record Reappraise(string UnitId, IReadOnlyList<AppraisedScore> Scores, string Reason, string? ComplaintId = null) : CycleCommand
{
    /// <inheritdoc cref="RecordAppraisal.AppraiserEmail"/>
    public string? AppraiserEmail { get; init; }
}

/// <summary>A unit files a complaint (kiến nghị) through its link; files are already stored under the complaint's id.</summary>
public sealed record FileComplaint(string ComplaintId, string UnitId, IReadOnlyList<string> CriterionCodes, string Reason, IReadOnlyList<string> Files) : CycleCommand;

public sealed record DecideComplaint(string ComplaintId, bool Accept, string Reason) : CycleCommand;

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
/// <summary>The unit's busy days, and the days it would like the visit on (optional; a soft rule for the planner).</summary>
public sealed record DeclareBlackoutDates(string UnitId, IReadOnlyList<DateOnly> Days) : CycleCommand
{
    public IReadOnlyList<DateOnly>? Preferred { get; init; }
}
