using ItEval.Forms;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Cycle;

/// <summary>Giai đoạn of a cycle.</summary>
public enum CyclePhase
{
    Draft,
    Announcing,
    Collecting,
    Scheduling,
    Appraising,
    Ranking,
    Published,
    Closed,
    Suspended,
    Terminated,
}

/// <summary>One unit's progress through the cycle.</summary>
public sealed class UnitProgress
{
    public UnitProgress(UnitInfo info) => Info = info;

    /// <summary>For snapshots, which fill every property in place (see <see cref="CycleSnapshots"/>).</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    private UnitProgress() => Info = null!;

    public UnitInfo Info { get; set; }
    public bool Announced { get; set; }
    public string? SubmissionId { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public bool Late { get; set; }
    public int Submissions { get; set; }
    public IReadOnlyDictionary<string, decimal> SelfScores { get; set; } = new Dictionary<string, decimal>();
    public DateOnly? DeadlineOverride { get; set; }
    public DateOnly? ReopenedUntil { get; set; }
    public HashSet<string> RemindersSent { get; } = [];
    public Visit? Visit { get; set; }
    public bool VisitReminded { get; set; }
    public Dictionary<string, AppraisedScore> Appraisals { get; } = [];

    /// <summary>Addresses the email provider reported as bouncing, with its reason.</summary>
    public Dictionary<string, string> BouncedEmails { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many times the admin reissued the unit's link; links of older generations are revoked.</summary>
    public int LinkGeneration { get; set; }

    /// <summary>How many times this unit's visit changed after the plan was sent (the invite's SEQUENCE).</summary>
    public int VisitVersion { get; set; }

    /// <summary>When the unit's link was first opened (by the unit, or by a mail scanner).</summary>
    public DateTimeOffset? LinkOpenedAt { get; set; }

    /// <summary>Days the unit cannot receive the appraisal visit.</summary>
    public IReadOnlyList<DateOnly> BlackoutDates { get; set; } = [];

    /// <summary>Days the unit would like its visit on (the planner tries them first).</summary>
    public IReadOnlyList<DateOnly> PreferredDates { get; set; } = [];

    public bool Submitted => SubmissionId is not null;
}

/// <summary>
/// A cycle as its events made it. <see cref="Apply"/> folds one event in; it does no I/O and reads no
/// clock, so any instance that replays the same events reaches the same state.
/// </summary>
public sealed class CycleState
{
    private Rubric? _rubric;

    public string Id { get; private set; } = "";
    public long Version { get; private set; }
    public CyclePhase Phase { get; private set; } = CyclePhase.Draft;
    public CyclePhase? SuspendedFrom { get; private set; }
    public CycleDefinition? Definition { get; private set; }
    public Dictionary<string, UnitProgress> Units { get; } = new(StringComparer.Ordinal);
    public DateOnly Deadline { get; private set; }
    public DateTimeOffset? CollectingOpenedAt { get; private set; }
    public DateOnly? LastProgressSummary { get; private set; }
    public bool VisitsPlanned { get; private set; }

    /// <summary>Changes applied to the visit plan since it was made; a change computed on an older version is refused.</summary>
    public int VisitPlanVersion { get; private set; }

    /// <summary>Team members who dropped out after the plan was made.</summary>
    public HashSet<string> DroppedMembers { get; } = new(StringComparer.Ordinal);

    /// <summary>The team as it stands: the cycle's members without those who dropped out.</summary>
    public IReadOnlyList<TeamMember> ActiveTeam => [.. Definition!.Team.Where(m => !DroppedMembers.Contains(m.Id))];
    public string? SchedulingProblem { get; private set; }
    public bool RankingReady { get; private set; }
    public int PublishedEdition { get; private set; }

    /// <summary>The cycle version of the last change to any score: a ranking of an older version is stale.</summary>
    public long ScoresVersion { get; private set; }

    /// <summary>The edition the stored ranking was computed for (the next one to publish), its content's SHA-256, and the units whose result it changes.</summary>
    public int? RankingEdition { get; private set; }

    /// <summary>The cycle version whose scores the stored ranking ranked.</summary>
    public long? RankingBasis { get; private set; }

    public string? RankingSha256 { get; private set; }
    public IReadOnlyList<string>? RankingChanged { get; private set; }

    /// <summary>Every published edition, in order (edition n at index n − 1); none is ever replaced.</summary>
    public List<Edition> Editions { get; } = [];

    /// <summary>Complaints (kiến nghị) by id, in the order they were filed.</summary>
    public Dictionary<string, Complaint> Complaints { get; } = new(StringComparer.Ordinal);

    /// <summary>The complaint days after the first publication are over (timer fired, or the cycle closed).</summary>
    public bool ComplaintWindowOver { get; private set; }

    /// <summary>Work items that failed every retry and were not replayed since, by work id.</summary>
    public Dictionary<string, FailedWork> FailedWork { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the last visit plan could not be made (English), until a plan is made.</summary>
    public string? SchedulingProblemEn { get; private set; }

    /// <summary>Units announced so far (kept up to date, not recounted: a command must not cost a pass over 10,000 units).</summary>
    public int AnnouncedUnits { get; private set; }

    /// <summary>Units that submitted a valid form (kept up to date, not recounted).</summary>
    public int SubmittedUnits { get; private set; }

    /// <summary>Units whose every scored criterion has an appraised score (kept up to date, not recounted).</summary>
    public HashSet<string> AppraisedUnits { get; } = new(StringComparer.Ordinal);

    /// <summary>What needs the admin now: the latest work item still failed, else why no visit plan could be made.</summary>
    public string? LastError => FailedWork.Values.MaxBy(f => f.At) is { } failed ? $"{failed.Kind} {failed.WorkId}: {failed.Error}" : SchedulingProblemEn;
    public DateTimeOffset? LastChangeAt { get; private set; }

    public bool Exists => Definition is not null;

    public bool IsFinished => Phase is CyclePhase.Closed or CyclePhase.Terminated;

    public Rubric Rubric => _rubric ??= RubricReader.Read(Definition!.RubricJson);

    /// <summary>The header of the cycle's official documents: its own, else the template of its rubric's bloc (which cannot be published as is).</summary>
    public DocumentHeader Header => Definition!.DocumentHeader ?? DocumentHeader.For(Rubric);

    /// <summary>Why the documents are being corrected (đính chính) when the next edition is one; null otherwise.</summary>
    public string? PendingCorrection { get; private set; }

    public CycleCalendar Calendar => new(Definition!.TimeZone);

    /// <summary>The unit's deadline: its own extension if any, else the cycle's.</summary>
    public DateOnly DeadlineOf(UnitProgress unit) => unit.DeadlineOverride is { } own && own > Deadline ? own : Deadline;

    /// <summary>Until when the unit may upload: its deadline, or the day it was reopened until.</summary>
    public DateOnly OpenUntil(UnitProgress unit) => unit.ReopenedUntil is { } reopened && reopened > DeadlineOf(unit) ? reopened : DeadlineOf(unit);

    public IEnumerable<UnitProgress> Visited => Units.Values.Where(u => u.Visit is not null);

    /// <summary>The unit's personalised form: what it downloads and what its uploads are checked against.</summary>
    public FormContext FormOf(UnitProgress unit) =>
        new(Id, Definition!.Name, unit.Info.Id, unit.Info.Code, unit.Info.Name, DeadlineOf(unit), Rubric);

    /// <summary>The cycle takes the unit's submissions: from its own announcement until collecting ends.</summary>
    public bool AcceptsSubmissionsFrom(UnitProgress unit) => Phase is CyclePhase.Announcing or CyclePhase.Collecting && unit.Announced;

    /// <summary>Before the end of the unit's deadline, or of the day it was reopened until.</summary>
    public bool IsOpenFor(UnitProgress unit, DateTimeOffset now) => now < Calendar.EndOf(OpenUntil(unit));

    /// <summary>Results are out (and not being ranked again after a re-appraisal).</summary>
    public bool ResultsPublished => PublishedEdition > 0 && Phase is CyclePhase.Published or CyclePhase.Closed;

    /// <summary>The unit's own scores as it assessed them, per criteria group, before any appraisal.</summary>
    public UnitScore SelfScore(UnitProgress unit) => Scoring.Score(Rubric,
        new UnitAssessment(unit.Info.Id, unit.Info.RankingGroup, unit.Submitted, unit.SelfScores, new Dictionary<string, AppraisedScore>()), Definition!.Scoring);

    /// <summary>The cycle's bands: its own, or the default scale of its scoring method.</summary>
    public BandScale Bands => Definition!.Scoring.Bands ?? BandScale.Default(Definition.Method, Rubric.MaxPoints);

    /// <summary>The end of the last day on which units may file complaints; null before the first publication.</summary>
    public DateTimeOffset? ComplaintsCloseAt => Editions.Count == 0 ? null
        : Calendar.EndOf(Calendar.Today(Editions[0].PublishedAt).AddDays(Definition!.ComplaintWindowDays));

    /// <summary>Units may file complaints: results published, the window not over.</summary>
    public bool TakesComplaints(DateTimeOffset now) => !ComplaintWindowOver && ComplaintsCloseAt is { } end && now < end
        && PublishedEdition > 0 && Phase is CyclePhase.Published or CyclePhase.Ranking;

    /// <summary>Complaints still waiting for a decision, or accepted and not yet appraised again.</summary>
    public IEnumerable<Complaint> OpenComplaints => Complaints.Values.Where(c => c.Status is ComplaintStatus.Filed or ComplaintStatus.Accepted);

    /// <summary>After the end of the unit's deadline (a reopened unit's uploads are late).</summary>
    public bool IsLateFor(UnitProgress unit, DateTimeOffset now) => now >= Calendar.EndOf(DeadlineOf(unit));

    public static CycleState Fold(string id, IEnumerable<CycleEvent> events)
    {
        var state = new CycleState { Id = id };
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    public CycleState Apply(CycleEvent e)
    {
        Version++;
        LastChangeAt = e.At;
        switch (e)
        {
            case CycleCreated created:
                Definition = created.Definition;
                Id = created.Definition.Id;
                Deadline = created.Definition.Deadline;
                foreach (var unit in created.Definition.Units)
                {
                    Units[unit.Id] = new UnitProgress(unit);
                }

                break;
            case CycleStarted:
                Phase = CyclePhase.Announcing;
                break;
            case UnitsAnnounced announced:
                foreach (var id in announced.UnitIds)
                {
                    AnnouncedUnits += Units[id].Announced ? 0 : 1;
                    Units[id].Announced = true;
                }

                break;
            case CollectingOpened:
                Phase = CyclePhase.Collecting;
                CollectingOpenedAt = e.At;
                break;
            case SubmissionRecorded submission:
                var submitted = Units[submission.UnitId];
                SubmittedUnits += submitted.Submitted ? 0 : 1;
                submitted.SubmissionId = submission.SubmissionId;
                submitted.SubmittedAt = submission.At;
                submitted.SelfScores = submission.SelfScores;
                submitted.Late = submission.Late;
                submitted.Submissions++;
                break;
            case DeadlineExtended { UnitId: null } extended:
                Deadline = extended.Deadline;
                break;
            case DeadlineExtended { UnitId: { } unitId } extended:
                Units[unitId].DeadlineOverride = extended.Deadline;
                break;
            case UnitReopened reopened:
                Units[reopened.UnitId].ReopenedUntil = reopened.Until;
                break;
            case RemindersDue reminders:
                foreach (var id in reminders.UnitIds)
                {
                    Units[id].RemindersSent.Add(reminders.Key);
                }

                break;
            case CollectingClosed:
                Phase = CyclePhase.Scheduling;
                break;
            case VisitsPlanned planned:
                foreach (var visit in planned.Visits)
                {
                    Units[visit.UnitId].Visit = visit;
                }

                VisitsPlanned = true;
                SchedulingProblem = null;
                SchedulingProblemEn = null;
                Phase = CyclePhase.Appraising;
                break;
            case VisitsChanged changed:
                foreach (var visit in changed.Visits)
                {
                    Units[visit.UnitId].Visit = visit;
                    Units[visit.UnitId].VisitVersion++;
                }

                if (changed.DroppedMemberId is { } member)
                {
                    DroppedMembers.Add(member);
                }

                if (changed.DroppedTeamId is { } team)
                {
                    DroppedMembers.UnionWith(Definition!.Team.Where(m => m.TeamId == team).Select(m => m.Id));
                }

                VisitPlanVersion++;
                break;
            case SchedulingFailed failed:
                SchedulingProblem = failed.ProblemVi;
                SchedulingProblemEn = failed.ProblemEn;
                break;
            case VisitPlanningSet planning:
                Definition = Definition! with
                {
                    FarDistricts = planning.Settings.FarDistricts,
                    ExtraWorkingDays = planning.Settings.ExtraWorkingDays,
                    NeighbourGroups = planning.Settings.NeighbourGroups,
                };
                break;
            case AppraisalWindowChanged window:
                Definition = Definition! with { AppraisalStart = window.Start, AppraisalEnd = window.End, VisitsPerDay = window.VisitsPerDay };
                break;
            case VisitRemindersDue due:
                foreach (var id in due.UnitIds)
                {
                    Units[id].VisitReminded = true;
                }

                break;
            case AppraisalRecorded appraisal:
                RecordScores(appraisal.UnitId, appraisal.Scores);
                break;
            case AppraisalClosed:
                Phase = CyclePhase.Ranking;
                RankingReady = false;
                break;
            case RankingComputed computed:
                RankingReady = true;
                RankingEdition = computed.Edition;
                RankingBasis = computed.Basis;
                RankingSha256 = computed.Sha256;
                RankingChanged = computed.ChangedUnitIds;
                break;
            case ResultsPublished published:
                PublishedEdition = published.Edition;
                Phase = CyclePhase.Published;
                Editions.Add(new Edition(published.Edition, published.At, published.By, published.Sha256, published.ChangedUnitIds)
                {
                    Basis = RankingBasis, Header = Header, Correction = published.Correction,
                });
                PendingCorrection = null;
                break;
            case ExportsStored exports when exports.Edition >= 1 && exports.Edition <= Editions.Count:
                Editions[exports.Edition - 1].Files = exports.Files;
                break;
            case DocumentHeaderSet set:
                Definition = Definition! with { DocumentHeader = set.Header };
                break;
            case DocumentsCorrected corrected:
                // The same scores are ranked again as the next edition, under the corrected header.
                Definition = Definition! with { DocumentHeader = corrected.Header };
                PendingCorrection = corrected.Reason;
                Phase = CyclePhase.Ranking;
                RankingReady = false;
                break;
            case ReappraisalRecorded reappraisal:
                RecordScores(reappraisal.UnitId, reappraisal.Scores);
                Phase = CyclePhase.Ranking;
                RankingReady = false;
                if (reappraisal.ComplaintId is { } answered && Complaints.TryGetValue(answered, out var reappraised))
                {
                    reappraised.Status = ComplaintStatus.Reappraised;
                }

                break;
            case ComplaintFiled filed:
                Complaints[filed.ComplaintId] = new Complaint(filed.ComplaintId, filed.UnitId, filed.CriterionCodes, filed.Reason, filed.Files, filed.At);
                break;
            case ComplaintDecided decided:
                var complaint = Complaints[decided.ComplaintId];
                complaint.Status = decided.Accepted ? ComplaintStatus.Accepted : ComplaintStatus.Rejected;
                complaint.Decision = decided.Reason;
                complaint.DecidedBy = decided.By;
                complaint.DecidedAt = decided.At;
                break;
            case ComplaintWindowClosed:
                ComplaintWindowOver = true;
                break;
            case CycleClosed:
                Phase = CyclePhase.Closed;
                ComplaintWindowOver = true;
                break;
            case CycleSuspended:
                SuspendedFrom = Phase;
                Phase = CyclePhase.Suspended;
                break;
            case CycleResumed:
                Phase = SuspendedFrom ?? Phase;
                SuspendedFrom = null;
                break;
            case CycleTerminated:
                Phase = CyclePhase.Terminated;
                break;
            case ProgressSummaryDue summary:
                LastProgressSummary = summary.Day;
                break;
            case EmailBounced bounced:
                Units[bounced.UnitId].BouncedEmails[bounced.Email] = bounced.Reason;
                break;
            case UnitLinkReissued reissued:
                var relinked = Units[reissued.UnitId];
                relinked.LinkGeneration = reissued.Generation;
                if (reissued.Emails is { Count: > 0 } emails)
                {
                    relinked.Info = relinked.Info with { Emails = emails };
                }

                break;
            case BlackoutDatesDeclared blackout:
                Units[blackout.UnitId].BlackoutDates = blackout.Days;
                Units[blackout.UnitId].PreferredDates = blackout.Preferred ?? [];
                break;
            case WorkItemFailed failed:
                FailedWork[failed.WorkId] = new FailedWork(failed.WorkId, failed.Kind, failed.Error, failed.At);
                break;
            case UnitLinkOpened opened:
                Units[opened.UnitId].LinkOpenedAt ??= opened.At;
                break;
            case FailedWorkRetried retried:
                foreach (var item in retried.Items)
                {
                    FailedWork.Remove(item.WorkId);
                }

                break;
        }

        return this;
    }

    private void RecordScores(string unitId, IReadOnlyList<AppraisedScore> scores)
    {
        ScoresVersion = Version;
        var unit = Units[unitId];
        foreach (var score in scores)
        {
            unit.Appraisals[score.CriterionCode] = score;
        }

        if (FullyAppraised(unit))
        {
            AppraisedUnits.Add(unitId);
        }
    }

    /// <summary>The assessments the ranking uses: self-scores and appraisals of every unit.</summary>
    public IEnumerable<UnitAssessment> Assessments() => Units.Values.Select(u => u.Submitted
        ? new UnitAssessment(u.Info.Id, u.Info.RankingGroup, true, u.SelfScores, u.Appraisals)
        : UnitAssessment.NotSubmitted(u.Info.Id, u.Info.RankingGroup));

    /// <summary>Every scored criterion of the unit has an appraised score.</summary>
    public bool FullyAppraised(UnitProgress unit) => Rubric.Leaves.All(l => unit.Appraisals.ContainsKey(l.Code));
}
