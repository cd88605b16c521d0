namespace ItEval.Cycle;

/// <summary>The kinds of work a cycle hands to workers.</summary>
public static class WorkKinds
{
    public const string Announce = "announce";
    public const string Email = "email";
    public const string Schedule = "schedule";
    public const string Rank = "rank";
    public const string Export = "export";
}

/// <summary>The kinds of email a cycle sends (issue: email templates).</summary>
public static class EmailKinds
{
    public const string Announcement = "announcement";
    public const string Reminder = "reminder";
    public const string Overdue = "overdue";
    public const string DeadlineExtended = "deadline-extended";
    public const string VisitPlan = "visit-plan";
    public const string VisitReminder = "visit-reminder";
    public const string Result = "result";
    public const string AdminSummary = "admin-summary";
    public const string AdminAlert = "admin-alert";
    public const string ProgressSummary = "progress-summary";
    public const string NewLink = "new-link";
    public const string SchedulingFailed = "scheduling-failed";
    public const string ComplaintFiled = "complaint-filed";
    public const string ComplaintDecided = "complaint-decided";
}

/// <summary>
/// A unit of work an activity runs. Its id is deterministic (cycle, event sequence, purpose, batch), so
/// re-deriving it after a crash gives the same id, and every side effect it has is keyed by it.
/// An item carries up to <see cref="CycleWork.BatchSize"/> units, so fan-out to 10,000 units is
/// 100 items (20 activities of 5 items).
/// </summary>
public sealed record WorkItem(string CycleId, string WorkId, string Kind, IReadOnlyList<string> UnitIds, string? EmailKind = null, string? Key = null);

/// <summary>
/// Which work each event requires. Pure, and independent of what happened after the event (only the
/// cycle id and roster are read), so the outbox can derive it again at any time; handlers check the
/// current state when they run.
/// </summary>
public static class CycleWork
{
    public const int BatchSize = 100;

    public static IEnumerable<WorkItem> For(CycleState state, CycleEvent e, long sequence)
    {
        var id = state.Id;
        string Work(string purpose, int batch = 0) => $"{id}:{sequence:D10}:{purpose}:{batch}";
        IEnumerable<WorkItem> Emails(string kind, IEnumerable<string> units, string key) =>
            Batches(units).Select((batch, i) => new WorkItem(id, Work(kind, i), WorkKinds.Email, batch, kind, key));

        return e switch
        {
            CycleStarted => Batches(state.Units.Keys.Order(StringComparer.Ordinal))
                .Select((batch, i) => new WorkItem(id, Work(WorkKinds.Announce, i), WorkKinds.Announce, batch)),
            RemindersDue due => Emails(due.DaysFromDeadline > 0 ? EmailKinds.Overdue : EmailKinds.Reminder, due.UnitIds, due.Key),
            // Units that submitted meanwhile are skipped when the email is sent, not here: this list must
            // not depend on when it is derived.
            DeadlineExtended extended => Emails(EmailKinds.DeadlineExtended,
                extended.UnitId is { } one ? [one] : state.Units.Keys.Order(StringComparer.Ordinal), $"{extended.Deadline:yyyyMMdd}"),
            CollectingClosed or AppraisalWindowChanged or VisitPlanningSet => [new WorkItem(id, Work(WorkKinds.Schedule), WorkKinds.Schedule, [])],
            SchedulingFailed => [new WorkItem(id, Work(EmailKinds.SchedulingFailed), WorkKinds.Email, [], EmailKinds.SchedulingFailed, $"{sequence}")],
            VisitsPlanned planned => Emails(EmailKinds.VisitPlan, planned.Visits.Select(v => v.UnitId), "plan")
                .Append(new WorkItem(id, Work("team-plan"), WorkKinds.Email, [], EmailKinds.VisitPlan, "team")),
            // Only the units whose visit changed, with the invite's SEQUENCE raised; the team gets the plan again.
            VisitsChanged changed => Emails(EmailKinds.VisitPlan, changed.Visits.Select(v => v.UnitId), $"change{sequence}")
                .Append(new WorkItem(id, Work("team-plan"), WorkKinds.Email, [], EmailKinds.VisitPlan, $"team{sequence}")),
            VisitRemindersDue due => Emails(EmailKinds.VisitReminder, due.UnitIds, $"{due.Day:yyyyMMdd}"),
            AppraisalClosed or ReappraisalRecorded or DocumentsCorrected => [new WorkItem(id, Work(WorkKinds.Rank), WorkKinds.Rank, [])],
            // Editions after the first are emailed only to units whose result changed.
            ResultsPublished published => Emails(EmailKinds.Result, published.ChangedUnitIds ?? [.. state.Units.Keys.Order(StringComparer.Ordinal)], $"edition{published.Edition}")
                .Append(new WorkItem(id, Work(EmailKinds.AdminSummary), WorkKinds.Email, [], EmailKinds.AdminSummary, $"edition{published.Edition}"))
                .Append(new WorkItem(id, Work(WorkKinds.Export), WorkKinds.Export, [], Key: $"{published.Edition}")),
            ComplaintFiled filed => [new WorkItem(id, Work(EmailKinds.ComplaintFiled), WorkKinds.Email, [filed.UnitId], EmailKinds.ComplaintFiled, filed.ComplaintId)],
            ComplaintDecided decided => [new WorkItem(id, Work(EmailKinds.ComplaintDecided), WorkKinds.Email, [decided.UnitId], EmailKinds.ComplaintDecided, decided.ComplaintId)],
            ProgressSummaryDue summary => [new WorkItem(id, Work(EmailKinds.ProgressSummary), WorkKinds.Email, [], EmailKinds.ProgressSummary, $"{summary.Day:yyyyMMdd}")],
            UnitLinkReissued reissued => Emails(EmailKinds.NewLink, [reissued.UnitId], $"gen{reissued.Generation}"),
            // No alert about a failed alert: while email is down that would chain forever.
            WorkItemFailed failed when failed.WorkId.Contains($":{EmailKinds.AdminAlert}:", StringComparison.Ordinal) => [],
            // One alert per failure: the same item may fail again after a replay.
            WorkItemFailed failed => [new WorkItem(id, Work(EmailKinds.AdminAlert), WorkKinds.Email, [], EmailKinds.AdminAlert, $"{failed.WorkId}@{sequence}")],
            FailedWorkRetried retried => retried.Items,
            _ => [],
        };
    }

    /// <summary>
    /// Whether the process must look at the cycle after this event: it may require work, move a timer, or
    /// end a wait. Per-unit facts that do neither (an announcement recorded, an on-time upload, an
    /// appraisal, a link opened, a bounce, busy days) do not wake it, so 10,000 uploads are 10,000 appends
    /// and no orchestration event. A late upload may end collecting sooner, so it wakes it.
    /// </summary>
    public static bool WakesProcess(CycleEvent e) => e switch
    {
        UnitsAnnounced or AppraisalRecorded or UnitLinkOpened or EmailBounced or BlackoutDatesDeclared => false,
        SubmissionRecorded submission => submission.Late,
        _ => true,
    };

    private static IEnumerable<IReadOnlyList<string>> Batches(IEnumerable<string> units) =>
        units.Chunk(BatchSize).Select(chunk => (IReadOnlyList<string>)chunk);
}

/// <summary>
/// Does one kind of work item for the cycle (e.g. ranking, exports), so features built on the cycle
/// add work without the cycle knowing them. Must be idempotent, like every work item.
/// </summary>
public interface ICycleWorkHandler
{
    string Kind { get; }

    Task RunAsync(WorkItem work, CancellationToken cancellationToken);
}

/// <summary>
/// The cycle's process (its orchestration) as the record sees it: told after an append, so that it acts on
/// what was recorded. Implemented by the orchestration's client; the record never depends on how it runs.
/// </summary>
public interface ICycleProcess
{
    Task RecordedAsync(CycleState state, IReadOnlyList<CycleEvent> events, CancellationToken cancellationToken);
}
