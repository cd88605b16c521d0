using ItEval.Cycle;
using ItEval.Ranking;
using static ItEval.Tests.Cycle.DeciderSpec;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>
/// Given/When/Then specs of appraisal scope, editions and complaints (kiến nghị), on the pure decider.
/// Team: tv1 (an@) on both visits, tv2 (binh@) on u0002's visit only and in conflict with u0002.
/// </summary>
public sealed class PublicationSpecs
{
    private static readonly DateTimeOffset Now = Vn(2026, 12, 22);
    private static readonly DateTimeOffset Published = Vn(2027, 2, 5, 10);
    private static readonly CycleDefinition Def = Definition("c", 3) with
    {
        Team = [new TeamMember("tv1", "Nguyễn Văn An", "an@tinh.gov.vn"), new TeamMember("tv2", "Trần Thị Bình", "binh@tinh.gov.vn", ["u0002"])],
    };

    private static readonly string Code = ItEval.Rubrics.RubricReader.Read(Def.RubricJson).Leaves.First().Code;

    private static IReadOnlyDictionary<string, decimal> Scores() => SelfScores(ItEval.Rubrics.RubricReader.Read(Def.RubricJson));

    private static AppraisedScore[] Confirm() => [.. Scores().Select(s => new AppraisedScore(s.Key, s.Value, null, "tv1", Now))];

    private static CycleEvent[] Appraising =>
    [
        new CycleCreated(Def) { At = Now, By = "admin" },
        new CycleStarted { At = Now, By = "admin" },
        new UnitsAnnounced(["u0001", "u0002", "u0003"]) { At = Now, By = "system" },
        new CollectingOpened { At = Now, By = "system" },
        .. Def.Units.Take(2).Select(u => new SubmissionRecorded(u.Id, "s-" + u.Id, Scores(), false) { At = Now, By = "unit" }),
        new CollectingClosed("deadline") { At = Now, By = "system" },
        new VisitsPlanned([new Visit("u0001", new DateOnly(2026, 12, 21), 0, ["tv1"]), new Visit("u0002", new DateOnly(2026, 12, 21), 1, ["tv1", "tv2"])]) { At = Now, By = "system" },
    ];

    private static CycleEvent[] Ranked =>
    [
        .. Appraising,
        new AppraisalRecorded("u0001", Confirm()) { At = Now, By = "tv1" },
        new AppraisalClosed("Đủ") { At = Now, By = "admin" },
        new RankingComputed(3, 1, "sha-1", ["u0001", "u0002", "u0003"], 14) { At = Now, By = "system" },
    ];

    private static CycleEvent[] PublishedOnce => [.. Ranked, new ResultsPublished(1, "sha-1") { At = Published, By = "admin" }];

    private static CycleEvent[] Filed => [.. PublishedOnce, new ComplaintFiled("k1", "u0002", [Code], "Chưa đúng", []) { At = Published.AddDays(1), By = "unit:U0002" }];

    private static Decision When(CycleEvent[] given, CycleCommand command, DateTimeOffset? at = null) => DeciderSpec.When(given, command, at ?? Now);

    [Fact]
    public void An_appraiser_scores_only_units_whose_visit_they_are_on_and_never_one_they_are_in_conflict_with()
    {
        RecordAppraisal By(string unit, string? email) => new(unit, Confirm()) { By = email ?? "admin", AppraiserEmail = email };

        ThenEvents(When(Appraising, By("u0001", "AN@tinh.gov.vn")), typeof(AppraisalRecorded));
        ThenRefused(When(Appraising, By("u0001", "binh@tinh.gov.vn")), RefusalKind.Forbidden, "không có trong đoàn thẩm định");
        ThenRefused(When(Appraising, By("u0002", "binh@tinh.gov.vn")), RefusalKind.Forbidden, "xung đột lợi ích");
        ThenRefused(When(Appraising, By("u0001", "other@tinh.gov.vn")), RefusalKind.Forbidden, "không thuộc tổ thẩm định");
        ThenRefused(When(Appraising, By("u0001", "")), RefusalKind.Forbidden, "không thuộc tổ thẩm định");
        ThenEvents(When(Appraising, By("u0002", null)), typeof(AppraisalRecorded));
    }

    [Fact]
    public void A_ranking_of_scores_that_changed_since_is_ignored_and_publication_records_the_ranked_hash()
    {
        CycleEvent[] closed = [.. Appraising, new AppraisalRecorded("u0001", Confirm()) { At = Now, By = "tv1" }, new AppraisalClosed("Đủ") { At = Now, By = "admin" }];
        var scoresVersion = CycleState.Fold("c", closed).ScoresVersion;

        ThenEvents(When(closed, new CompleteRanking(3, 1, "old", [], scoresVersion - 1) { By = "system" }));
        ThenEvents(When(closed, new CompleteRanking(3, 2, "wrong edition", [], scoresVersion) { By = "system" }));
        ThenEvents(When(closed, new CompleteRanking(3, 1, "sha-1", ["u0001"], scoresVersion) { By = "system" }), typeof(RankingComputed));
        var published = (ResultsPublished)When(Ranked, new PublishResults { By = "admin" }).Events.Single();
        Assert.Equal((1, "sha-1", (IReadOnlyList<string>?)null), (published.Edition, published.Sha256, published.ChangedUnitIds));
    }

    [Fact]
    public void Edition_2_names_only_the_units_whose_result_changed_and_edition_1_stays_in_the_state()
    {
        var scores = new[] { new AppraisedScore(Code, 0m, "Phúc khảo", "admin", Published) };
        CycleEvent[] reranked =
        [
            .. PublishedOnce,
            new ExportsStored(1, [new ExportFile("xep-hang.pdf", "ab", 3)]) { At = Published, By = "system" },
            new ReappraisalRecorded("u0002", scores, "Kiến nghị") { At = Published, By = "admin" },
            new RankingComputed(3, 2, "sha-2", ["u0002"], 99) { At = Published, By = "system" },
        ];

        var published = (ResultsPublished)When(reranked, new PublishResults { By = "admin" }).Events.Single();

        Assert.Equal((2, "sha-2"), (published.Edition, published.Sha256));
        Assert.Equal(["u0002"], published.ChangedUnitIds!);
        var state = CycleState.Fold("c", [.. reranked, published]);
        Assert.Equal([(1, "sha-1"), (2, "sha-2")], state.Editions.Select(e => (e.Number, e.Sha256)));
        // Documents are recorded once per edition: edition 1 has its own already.
        ThenEvents(When([.. reranked, published], new CompleteExports(1, [new ExportFile("xep-hang.pdf", "ef", 3)]) { By = "system" }));
        ThenEvents(When([.. reranked, published], new CompleteExports(2, [new ExportFile("xep-hang.pdf", "cd", 3)]) { By = "system" }), typeof(ExportsStored));
    }

    [Fact]
    public void A_unit_complains_only_after_publication_within_the_window_one_at_a_time_about_criteria_of_the_rubric()
    {
        FileComplaint Complaint(string id, string unit = "u0002", string? code = null, string reason = "Điểm chưa đúng") =>
            new(id, unit, [code ?? Code], reason, []) { By = "unit" };

        ThenRefused(When(Ranked, Complaint("k1")), RefusalKind.WrongPhase, "Chưa công bố kết quả");
        ThenEvents(When(PublishedOnce, Complaint("k1"), Published.AddDays(1)), typeof(ComplaintFiled));
        ThenRefused(When(PublishedOnce, Complaint("k1", code: "9.9"), Published.AddDays(1)), RefusalKind.Invalid, "Tiêu chí \"9.9\" không có trong bộ tiêu chí");
        ThenRefused(When(PublishedOnce, new FileComplaint("k1", "u0002", [], "Điểm chưa đúng", []) { By = "unit" }, Published.AddDays(1)), RefusalKind.Invalid, "ít nhất một tiêu chí");
        ThenRefused(When(PublishedOnce, Complaint("k1", reason: " "), Published.AddDays(1)), RefusalKind.Invalid, "lý do");
        ThenRefused(When(Filed, Complaint("k2"), Published.AddDays(2)), RefusalKind.Conflict, "đang chờ xem xét");
        ThenEvents(When(Filed, Complaint("k1"), Published.AddDays(2)));
        ThenEvents(When(Filed, Complaint("k2", unit: "u0001"), Published.AddDays(2)), typeof(ComplaintFiled));
        // Published on 5 February: complaints until the end of 15 February (10 days), local time.
        ThenEvents(When(PublishedOnce, Complaint("k1"), Vn(2027, 2, 15, 23, 59)), typeof(ComplaintFiled));
        ThenRefused(When(PublishedOnce, Complaint("k1"), Vn(2027, 2, 16, 0, 0)), RefusalKind.WrongPhase, "Đã hết thời hạn gửi kiến nghị (15/02/2027)");
    }

    [Fact]
    public void The_window_closes_by_timer_and_the_cycle_closes_only_when_no_complaint_is_open()
    {
        ThenEvents(When(PublishedOnce, new Tick(Vn(2027, 2, 15, 23)) { By = "timer" }));
        var tick = When(PublishedOnce, new Tick(Vn(2027, 2, 16, 0, 1)) { By = "timer" });
        ThenEvents(tick, typeof(ComplaintWindowClosed));
        Assert.Contains(CycleDecider.PendingTimers(CycleState.Fold("c", PublishedOnce)), t => t.Purpose == "complaints close" && t.At == Vn(2027, 2, 16, 0));

        ThenRefused(When(PublishedOnce, new CloseCycle { By = "admin" }, Published.AddDays(1)), RefusalKind.Conflict, "còn được gửi kiến nghị đến hết ngày 15/02/2027");
        ThenRefused(When(Filed, new CloseCycle { By = "admin" }, Vn(2027, 3, 1)), RefusalKind.Conflict, "1 kiến nghị chưa giải quyết");
        CycleEvent[] accepted = [.. Filed, new ComplaintDecided("k1", "u0002", true, "Chấp nhận") { At = Published.AddDays(2), By = "admin" }];
        ThenRefused(When(accepted, new CloseCycle { By = "admin" }, Vn(2027, 3, 1)), RefusalKind.Conflict, "1 kiến nghị chưa giải quyết");
        CycleEvent[] rejected = [.. Filed, new ComplaintDecided("k1", "u0002", false, "Không có minh chứng mới") { At = Published.AddDays(2), By = "admin" }];
        ThenEvents(When(rejected, new CloseCycle { By = "admin" }, Vn(2027, 3, 1)), typeof(CycleClosed));
    }

    [Fact]
    public void A_complaint_is_decided_once_with_a_reason_and_its_reappraisal_touches_only_its_criteria()
    {
        var other = ItEval.Rubrics.RubricReader.Read(Def.RubricJson).Leaves.Skip(1).First().Code;
        ThenRefused(When(Filed, new DecideComplaint("k1", true, "") { By = "admin" }), RefusalKind.Invalid, "lý do");
        ThenRefused(When(Filed, new DecideComplaint("k9", true, "x") { By = "admin" }), RefusalKind.NotFound, "k9");
        CycleEvent[] accepted = [.. Filed, new ComplaintDecided("k1", "u0002", true, "Chấp nhận") { At = Published.AddDays(2), By = "admin" }];
        ThenRefused(When(accepted, new DecideComplaint("k1", false, "x") { By = "admin" }), RefusalKind.Conflict, "đã được xem xét");

        Reappraise Re(string code, string? complaint = "k1") => new("u0002", [new AppraisedScore(code, 1m, "Phúc khảo", "admin", Published)], "Theo kiến nghị", complaint) { By = "admin" };
        ThenRefused(When(Filed, Re(Code)), RefusalKind.Conflict, "kiến nghị đã chấp nhận");
        ThenRefused(When(accepted, Re(other)), RefusalKind.Invalid, "không nằm trong kiến nghị");
        var re = When(accepted, Re(Code));
        ThenEvents(re, typeof(ReappraisalRecorded));
        var state = CycleState.Fold("c", [.. accepted, .. re.Events]);
        Assert.Equal((ComplaintStatus.Reappraised, CyclePhase.Ranking), (state.Complaints["k1"].Status, state.Phase));
        // While edition 2 is being ranked, another accepted complaint is appraised into the same edition.
        ThenEvents(When([.. accepted, .. re.Events], Re(Code, complaint: null)), typeof(ReappraisalRecorded));
    }
}
