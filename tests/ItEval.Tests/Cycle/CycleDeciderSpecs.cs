using ItEval.Cycle;
using ItEval.Ranking;
using static ItEval.Tests.Cycle.DeciderSpec;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>Given the events so far, when a command arrives at a time, then these events (or this refusal). Pure: no storage.</summary>
public sealed class CycleDeciderSpecs
{
    private static readonly DateTimeOffset Now = Vn(2026, 12, 2);
    private static readonly CycleDefinition Def = Definition("c", 3);

    private static CycleEvent[] Created => [new CycleCreated(Def) { At = Now, By = "admin" }];

    private static CycleEvent[] Collecting =>
    [
        .. Created,
        new CycleStarted { At = Now, By = "admin" },
        new UnitsAnnounced(["u0001", "u0002", "u0003"]) { At = Now, By = "system" },
        new CollectingOpened { At = Now, By = "system" },
    ];

    private static CycleEvent[] Appraising =>
    [
        .. Collecting,
        .. Def.Units.Take(2).Select(u => new SubmissionRecorded(u.Id, "s-" + u.Id, Scores(), false) { At = Now, By = "unit" }),
        new CollectingClosed("deadline") { At = Now, By = "system" },
        new VisitsPlanned([new Visit("u0001", new DateOnly(2026, 12, 21), 0, ["tv1"]), new Visit("u0002", new DateOnly(2026, 12, 21), 1, ["tv1"])]) { At = Now, By = "system" },
    ];

    private static IReadOnlyDictionary<string, decimal> Scores() => SelfScores(ItEval.Rubrics.RubricReader.Read(Def.RubricJson));

    private static Decision When(CycleEvent[] given, CycleCommand command, DateTimeOffset? at = null) => DeciderSpec.When(given, command, at ?? Now);

    [Fact]
    public void Creating_records_the_definition_with_who_and_when()
    {
        var decision = When([], new CreateCycle(Def) { By = "admin" });

        ThenEvents(decision, typeof(CycleCreated));
        Assert.Equal(("admin", Now), (decision.Events[0].By, decision.Events[0].At));
    }

    [Fact]
    public void Creating_again_the_same_cycle_changes_nothing_but_different_content_conflicts()
    {
        ThenEvents(When(Created, new CreateCycle(Def) { By = "admin" }));
        ThenRefused(When(Created, new CreateCycle(Def with { Name = "Khác" }) { By = "admin" }), RefusalKind.Conflict, "đã có");
    }

    [Fact]
    public void A_cycle_without_units_or_with_a_window_before_the_deadline_is_refused() =>
        ThenRefused(When([], new CreateCycle(Def with { Units = [], AppraisalStart = Def.Deadline }) { By = "admin" }), RefusalKind.Invalid, "Danh sách đơn vị trống");

    [Fact]
    public void Starting_is_idempotent() => ThenEvents(When([.. Created, new CycleStarted { At = Now, By = "a" }], new StartCycle { By = "a" }));

    [Fact]
    public void The_last_announcement_batch_opens_collecting()
    {
        CycleEvent[] given = [.. Created, new CycleStarted { At = Now, By = "a" }, new UnitsAnnounced(["u0001", "u0002"]) { At = Now, By = "system" }];

        ThenEvents(When(given, new CompleteAnnouncement(["u0002", "u0003"]) { By = "system" }), typeof(UnitsAnnounced), typeof(CollectingOpened));
        ThenEvents(When(given, new CompleteAnnouncement(["u0001"]) { By = "system" }));
    }

    [Fact]
    public void A_submission_before_the_deadline_is_on_time_and_the_same_upload_twice_is_one()
    {
        var decision = When(Collecting, new RecordSubmission("u0001", "s1", Scores()) { By = "unit" }, Vn(2026, 12, 15, 23, 59));

        ThenEvents(decision, typeof(SubmissionRecorded));
        Assert.False(((SubmissionRecorded)decision.Events[0]).Late);
        CycleEvent[] submitted = [.. Collecting, .. decision.Events];
        ThenEvents(When(submitted, new RecordSubmission("u0001", "s1", Scores()) { By = "unit" }));
    }

    [Fact]
    public void After_the_deadline_uploads_are_refused_unless_the_unit_was_reopened_and_then_they_are_late()
    {
        var afterDeadline = Vn(2026, 12, 16, 0, 1);
        ThenRefused(When(Collecting, new RecordSubmission("u0001", "s1", Scores()) { By = "unit" }, afterDeadline), RefusalKind.Conflict, "quá hạn nộp");

        CycleEvent[] reopened = [.. Collecting, new UnitReopened("u0001", new DateOnly(2026, 12, 17), "Lỗi mạng") { At = Now, By = "admin" }];
        var late = When(reopened, new RecordSubmission("u0001", "s1", Scores()) { By = "unit" }, afterDeadline);
        Assert.True(((SubmissionRecorded)late.Events.Single()).Late);
    }

    [Fact]
    public void Submitting_outside_collecting_is_refused_naming_the_phase() =>
        ThenRefused(When(Created, new RecordSubmission("u0001", "s", Scores()) { By = "unit" }), RefusalKind.WrongPhase, "giai đoạn dự thảo");

    [Fact]
    public void Extending_needs_a_reason_and_a_later_date_before_the_appraisal()
    {
        ThenRefused(When(Collecting, new ExtendDeadline(null, new DateOnly(2026, 12, 18), "") { By = "a" }), RefusalKind.Invalid, "lý do");
        ThenRefused(When(Collecting, new ExtendDeadline(null, new DateOnly(2026, 12, 14), "x") { By = "a" }), RefusalKind.Invalid, "Hạn mới");
        ThenRefused(When(Collecting, new ExtendDeadline(null, new DateOnly(2026, 12, 22), "x") { By = "a" }), RefusalKind.Invalid, "Hạn mới");
        ThenEvents(When(Collecting, new ExtendDeadline("u0002", new DateOnly(2026, 12, 18), "x") { By = "a" }), typeof(DeadlineExtended));
    }

    [Fact]
    public void Advancing_early_needs_every_unit_submitted()
    {
        ThenRefused(When(Collecting, new Advance("đủ") { By = "a" }), RefusalKind.Conflict, "Còn 3 đơn vị chưa nộp");
        CycleEvent[] all = [.. Collecting, .. Def.Units.Select(u => new SubmissionRecorded(u.Id, "s", Scores(), false) { At = Now, By = "unit" })];
        ThenEvents(When(all, new Advance("đủ") { By = "a" }), typeof(CollectingClosed));
    }

    /// <summary>Issue 24: "end collection now" for a trial cycle: with a reason, the missing units named in the history.</summary>
    [Fact]
    public void Ending_collection_now_takes_a_reason_and_records_how_many_units_did_not_submit()
    {
        CycleEvent[] one = [.. Collecting, new SubmissionRecorded("u0001", "s", Scores(), false) { At = Now, By = "unit" }];
        ThenRefused(When(one, new Advance(" ") { By = "a", EvenIfMissing = true }), RefusalKind.Invalid, "lý do");
        var closed = (CollectingClosed)Assert.Single(When(one, new Advance("Chạy thử: tổ thẩm định tập chấm") { By = "a", EvenIfMissing = true }).Events);
        Assert.Equal("admin: Chạy thử: tổ thẩm định tập chấm (2 đơn vị chưa nộp)", closed.Reason);
        Assert.Equal(CyclePhase.Scheduling, CycleState.Fold("c", [.. one, closed]).Phase);
    }

    [Fact]
    public void The_timer_closes_collecting_only_after_the_overdue_notice()
    {
        ThenEvents(When(Collecting, new Tick(Vn(2026, 12, 16, 0, 30)) { By = "timer" }), typeof(RemindersDue));
        var closing = When(Collecting, new Tick(Vn(2026, 12, 16, 8, 0)) { By = "timer" });
        ThenEvents(closing, typeof(RemindersDue), typeof(CollectingClosed));
        Assert.Equal(1, ((RemindersDue)closing.Events[0]).DaysFromDeadline);
    }

    [Fact]
    public void An_appraisal_that_differs_without_a_reason_is_refused()
    {
        var scores = Scores().Select(s => new AppraisedScore(s.Key, s.Key == "2.4" ? 0m : s.Value, null, "tv1", Now)).ToList();

        ThenRefused(When(Appraising, new RecordAppraisal("u0001", scores) { By = "tv1" }), RefusalKind.Invalid, "cần ghi lý do điều chỉnh");
    }

    [Fact]
    public void A_unit_not_on_the_visit_plan_cannot_be_appraised() =>
        ThenRefused(When(Appraising, new RecordAppraisal("u0003", []) { By = "tv1" }), RefusalKind.NotFound, "lịch thẩm định");

    [Fact]
    public void Appraising_the_last_visited_unit_leaves_closing_to_the_admin_with_a_reason()
    {
        AppraisedScore[] Confirm() => [.. Scores().Select(s => new AppraisedScore(s.Key, s.Value, null, "tv1", Now))];
        CycleEvent[] one = [.. Appraising, new AppraisalRecorded("u0001", Confirm()) { At = Now, By = "tv1" }];

        ThenEvents(When(one, new RecordAppraisal("u0002", Confirm()) { By = "tv1" }), typeof(AppraisalRecorded));
        CycleEvent[] both = [.. one, new AppraisalRecorded("u0002", Confirm()) { At = Now, By = "tv1" }];
        ThenRefused(When(both, new CloseAppraisal(" ") { By = "a" }), RefusalKind.Invalid, "lý do");
        ThenEvents(When(both, new CloseAppraisal("Đã thẩm định đủ") { By = "a" }), typeof(AppraisalClosed));
    }

    [Fact]
    public void Publishing_needs_the_ranking_and_after_publication_scores_change_only_by_reappraisal()
    {
        CycleEvent[] ranking = [.. Appraising, new AppraisalClosed("x") { At = Now, By = "a" }];
        ThenRefused(When(ranking, new PublishResults { By = "a" }), RefusalKind.WrongPhase, "công bố");
        CycleEvent[] published = [.. ranking, new RankingComputed(3, 1, "ab", ["u0001"], 99) { At = Now, By = "system" }, new ResultsPublished(1, "ab") { At = Now, By = "a" }];

        ThenRefused(When(published, new RecordAppraisal("u0001", []) { By = "tv1" }), RefusalKind.WrongPhase, "giai đoạn đã công bố kết quả");
        ThenRefused(When(published, new Reappraise("u0001", [], "") { By = "a" }), RefusalKind.Invalid, "lý do");
        var re = When(published, new Reappraise("u0001", [new AppraisedScore("2.4", 1m, "Phúc khảo: thiếu minh chứng", "a", Now)], "Đơn vị kiến nghị") { By = "a" });
        ThenEvents(re, typeof(ReappraisalRecorded));
        Assert.Equal(CyclePhase.Ranking, CycleState.Fold("c", [.. published, .. re.Events]).Phase);
    }

    [Fact]
    public void Suspend_and_resume_return_to_the_same_phase_and_terminate_needs_a_reason()
    {
        CycleEvent[] suspended = [.. Collecting, new CycleSuspended("Chờ") { At = Now, By = "a" }];

        Assert.Equal(CyclePhase.Collecting, CycleState.Fold("c", [.. suspended, new CycleResumed { At = Now, By = "a" }]).Phase);
        ThenEvents(When(suspended, new Tick(Vn(2026, 12, 16, 9)) { By = "timer" }));
        ThenRefused(When(suspended, new SuspendCycle("again") { By = "a" }), RefusalKind.WrongPhase, "giai đoạn tạm dừng");
        ThenRefused(When(Collecting, new TerminateCycle(" ") { By = "a" }), RefusalKind.Invalid, "lý do");
        ThenRefused(When([.. Collecting, new CycleTerminated("x") { At = Now, By = "a" }], new ResumeCycle { By = "a" }), RefusalKind.WrongPhase, "giai đoạn đã hủy");
    }

    [Fact]
    public void A_command_on_a_cycle_that_does_not_exist_is_not_found() =>
        ThenRefused(When([], new StartCycle { By = "a" }), RefusalKind.NotFound, "Không có kỳ đánh giá");
}

/// <summary>Settings and commands a new user got wrong in a whole provincial round.</summary>
public sealed class CycleSetupSpecs
{
    private static readonly DateTimeOffset Now = SampleCycles.Vn(2026, 12, 2);

    [Fact]
    public void A_cycle_in_an_unknown_time_zone_is_refused_at_create_not_stranded_at_start()
    {
        var decision = CycleDecider.Decide(CycleState.Fold("c", []), new CreateCycle(SampleCycles.Definition("c", 2) with { TimeZone = "Asia/Hanoi" }) { By = "admin" }, Now);

        Assert.Equal(RefusalKind.Invalid, decision.Refusal!.Kind);
        Assert.Contains("Múi giờ \"Asia/Hanoi\" không có", decision.Refusal.Vi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Advancing_needs_a_reason(string reason)
    {
        var definition = SampleCycles.Definition("c", 1);
        var state = CycleState.Fold("c",
        [
            new CycleCreated(definition) { At = Now, By = "a" },
            new CycleStarted { At = Now, By = "a" },
            new UnitsAnnounced(["u0001"]) { At = Now, By = "system" },
            new CollectingOpened { At = Now, By = "system" },
            new SubmissionRecorded("u0001", "s1", SampleCycles.SelfScores(ItEval.Rubrics.RubricReader.Read(definition.RubricJson)), false) { At = Now, By = "unit" },
        ]);

        var decision = CycleDecider.Decide(state, new Advance(reason) { By = "admin" }, Now);

        Assert.Equal((RefusalKind.Invalid, "Cần ghi lý do."), (decision.Refusal!.Kind, decision.Refusal.Vi));
        Assert.Single(CycleDecider.Decide(state, new Advance("Tất cả đơn vị đã nộp") { By = "admin" }, Now).Events);
    }
}
