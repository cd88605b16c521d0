using System.Text.Json.Serialization;
using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>
/// Something that happened to a cycle. Events are the cycle's history (lịch sử thao tác): who did
/// what, when and why. They are stored by name and version (<see cref="CycleEventTypes"/>); a change
/// to a stored event's shape needs a new version and an upcaster, never an edit in place.
/// </summary>
public abstract record CycleEvent
{
    public required DateTimeOffset At { get; init; }

    /// <summary>The person (or "system") that caused it.</summary>
    public required string By { get; init; }
}

public sealed record CycleCreated(CycleDefinition Definition) : CycleEvent;

public sealed record CycleStarted : CycleEvent;

/// <summary>These units got their form, link and announcement (work item done).</summary>
public sealed record UnitsAnnounced(IReadOnlyList<string> UnitIds) : CycleEvent;

public sealed record CollectingOpened : CycleEvent;

/// <summary>A unit's self-assessment was accepted; per scored criterion, the self-score.</summary>
public sealed record SubmissionRecorded(string UnitId, string SubmissionId, IReadOnlyDictionary<string, decimal> SelfScores, bool Late) : CycleEvent;

/// <summary>Hạn nộp extended, for all units (UnitId null) or one.</summary>
public sealed record DeadlineExtended(string? UnitId, DateOnly Deadline, string Reason) : CycleEvent;

/// <summary>A unit may submit (late) again until the given day.</summary>
public sealed record UnitReopened(string UnitId, DateOnly Until, string Reason) : CycleEvent;

/// <summary>Nhắc hạn: a reminder is due for these units (those still missing at that time).</summary>
public sealed record RemindersDue(string Key, int DaysFromDeadline, DateOnly Deadline, IReadOnlyList<string> UnitIds) : CycleEvent;

public sealed record CollectingClosed(string Reason) : CycleEvent;

public sealed record Visit(
    string UnitId, DateOnly Day, int Slot, IReadOnlyList<string> TeamMemberIds,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? TeamId = null);

public sealed record VisitsPlanned(IReadOnlyList<Visit> Visits) : CycleEvent;

/// <summary>
/// The plan changed after it was sent: a visit moved (asked by the unit or the admin), or a member or a
/// whole team dropped out. <see cref="Visits"/> holds the new version of every visit that changed and only
/// those; their units get a new email and an updated calendar invite.
/// </summary>
public sealed record VisitsChanged(
    IReadOnlyList<Visit> Visits, string Reason,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? DroppedMemberId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? DroppedTeamId = null) : CycleEvent;

public sealed record SchedulingFailed(string ProblemVi, string ProblemEn) : CycleEvent;

public sealed record AppraisalWindowChanged(DateOnly Start, DateOnly End, int VisitsPerDay, string Reason) : CycleEvent;

public sealed record VisitPlanningSet(
    VisitPlanningSettings Settings,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason = null) : CycleEvent;

public sealed record VisitRemindersDue(DateOnly Day, IReadOnlyList<string> UnitIds) : CycleEvent;

/// <summary>Điểm thẩm định for one unit, per criterion, with reasons where they differ from the self-score.</summary>
public sealed record AppraisalRecorded(string UnitId, IReadOnlyList<AppraisedScore> Scores) : CycleEvent;

public sealed record AppraisalClosed(string Reason) : CycleEvent;

/// <summary>
/// The ranking of the next edition is stored. Events of version 1 carry only the row count; later ones
/// also the edition, the SHA-256 of its content (<see cref="Ranking.EditionContent"/>), the units whose
/// result differs from the last published edition, and the cycle version whose scores it ranked.
/// </summary>
public sealed record RankingComputed(
    int Rows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Edition = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ChangedUnitIds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Basis = null) : CycleEvent;

/// <summary>
/// Công bố kết quả: an edition (1, 2, … after a re-appraisal) becomes public, with the SHA-256 of its
/// content so anyone can check a copy later. <see cref="ChangedUnitIds"/> (editions after the first):
/// the units whose result changed, the only ones emailed again. <see cref="Correction"/>: why it corrects the
/// documents of the edition before (its ranking is the same).
/// </summary>
public sealed record ResultsPublished(
    int Edition,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ChangedUnitIds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Correction = null) : CycleEvent;

/// <summary>The header of the cycle's official documents (issuing agency, place, signer …), set or changed before the first publication.</summary>
public sealed record DocumentHeaderSet(DocumentHeader Header) : CycleEvent;

/// <summary>
/// Đính chính: the published documents carry a wrong header; the same scores are ranked again and, once
/// published, make a new edition under the corrected header, the earlier one marked as replaced. No score changes.
/// </summary>
public sealed record DocumentsCorrected(DocumentHeader Header, string Reason) : CycleEvent;

/// <summary>An official document of an edition, as stored: its file name, SHA-256 and size.</summary>
public sealed record ExportFile(string Name, string Sha256, long Bytes);

/// <summary>The edition's official documents (ranking .xlsx and .pdf, its content .json) are stored, never to be overwritten.</summary>
public sealed record ExportsStored(int Edition, IReadOnlyList<ExportFile> Files) : CycleEvent;

/// <summary>
/// Phúc khảo after publication: changed scores with who, when and why; ranking is recomputed. When it
/// answers an accepted complaint (kiến nghị), <see cref="ComplaintId"/> names it.
/// </summary>
public sealed record ReappraisalRecorded(
    string UnitId, IReadOnlyList<AppraisedScore> Scores, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ComplaintId = null) : CycleEvent;

/// <summary>Kiến nghị: a unit disputes named criteria of its published result, with a reason and files.</summary>
public sealed record ComplaintFiled(string ComplaintId, string UnitId, IReadOnlyList<string> CriterionCodes, string Reason, IReadOnlyList<string> Files) : CycleEvent;

/// <summary>The admin accepts a complaint (its criteria are appraised again) or rejects it, with a reason the unit receives.</summary>
public sealed record ComplaintDecided(string ComplaintId, string UnitId, bool Accepted, string Reason) : CycleEvent;

/// <summary>The days for complaints after the first publication are over (a durable timer).</summary>
public sealed record ComplaintWindowClosed : CycleEvent;

public sealed record CycleClosed : CycleEvent;

public sealed record CycleSuspended(string Reason) : CycleEvent;

public sealed record CycleResumed : CycleEvent;

public sealed record CycleTerminated(string Reason) : CycleEvent;

/// <summary>A work item failed every retry and went to the poison queue; shown to admins.</summary>
public sealed record WorkItemFailed(string WorkId, string Kind, string Error) : CycleEvent;

/// <summary>The unit opened its link for the first time (or a mail scanner did: shown as "opened", not as "read").</summary>
public sealed record UnitLinkOpened(string UnitId) : CycleEvent;

/// <summary>The admin replays failed work items after fixing their cause; each runs again as it was.</summary>
public sealed record FailedWorkRetried(IReadOnlyList<WorkItem> Items, string Reason) : CycleEvent;

/// <summary>The email provider reported that a unit's address bounced; shown on the unit for the admin to fix.</summary>
public sealed record EmailBounced(string UnitId, string Email, string Reason) : CycleEvent;

/// <summary>The optional daily progress summary to admins is due for this day (while collecting).</summary>
public sealed record ProgressSummaryDue(DateOnly Day) : CycleEvent;

/// <summary>The unit's earlier links stop working; the new one carries <paramref name="Generation"/>. Emails, when given, replace the unit's addresses.</summary>
public sealed record UnitLinkReissued(string UnitId, int Generation, string Reason, IReadOnlyList<string>? Emails) : CycleEvent;

/// <summary>Ngày không thể tiếp đoàn thẩm định: the scheduler keeps the unit's visit off these days.</summary>
public sealed record BlackoutDatesDeclared(
    string UnitId, IReadOnlyList<DateOnly> Days,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DateOnly>? Preferred = null) : CycleEvent;
