using ItEval.Cycle;
using ItEval.Scheduling;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>Link reissue, early submissions and busy days, decided purely, and the planner honouring busy days.</summary>
public sealed class UnitLinkAndBlackoutSpecs
{
    private static readonly DateTimeOffset Now = Vn(2026, 12, 2);
    private static readonly CycleDefinition Def = Definition("c", 3);

    private static CycleEvent[] Created => [new CycleCreated(Def) { At = Now, By = "admin" }];

    private static CycleEvent[] Announcing => [.. Created, new CycleStarted { At = Now, By = "admin" }, new UnitsAnnounced(["u0001"]) { At = Now, By = "system" }];

    private static CycleEvent[] Collecting => [.. Announcing, new UnitsAnnounced(["u0002", "u0003"]) { At = Now, By = "system" }, new CollectingOpened { At = Now, By = "system" }];

    private static Decision When(CycleEvent[] given, CycleCommand command) => CycleDecider.Decide(CycleState.Fold("c", given), command, Now);

    private static CycleState After(CycleEvent[] given, CycleCommand command) =>
        CycleState.Fold("c", [.. given, .. When(given, command).Events]);

    [Fact]
    public void Reissuing_a_link_moves_the_unit_to_the_next_generation_with_new_addresses_and_emails_it()
    {
        var decision = When(Collecting, new ReissueUnitLink("u0002", "Đổi cán bộ đầu mối", ["moi@tinh.gov.vn"]) { By = "admin" });
        var reissued = (UnitLinkReissued)decision.Events.Single();
        var state = CycleState.Fold("c", [.. Collecting, reissued]);
        state.Apply(CycleDecider.Decide(state, new ReissueUnitLink("u0002", "Lại đổi", null) { By = "admin" }, Now).Events.Single());

        Assert.Equal((1, "admin", "Đổi cán bộ đầu mối"), (reissued.Generation, reissued.By, reissued.Reason));
        Assert.Equal(2, state.Units["u0002"].LinkGeneration);
        Assert.Equal(["moi@tinh.gov.vn"], state.Units["u0002"].Info.Emails);
        Assert.Equal(0, state.Units["u0001"].LinkGeneration);
        var work = CycleWork.For(CycleState.Fold("c", Collecting), reissued, 9).Single();
        Assert.Equal((WorkKinds.Email, EmailKinds.NewLink, "gen1"), (work.Kind, work.EmailKind, work.Key));
        Assert.Equal(["u0002"], work.UnitIds);
    }

    [Fact]
    public void Reissuing_needs_a_reason_a_known_unit_valid_addresses_and_a_started_cycle()
    {
        Assert.Contains("lý do", When(Collecting, new ReissueUnitLink("u0002", " ", null) { By = "a" }).Refusal!.Vi, StringComparison.Ordinal);
        Assert.Equal(RefusalKind.NotFound, When(Collecting, new ReissueUnitLink("u9", "x", null) { By = "a" }).Refusal!.Kind);
        Assert.Contains("không hợp lệ", When(Collecting, new ReissueUnitLink("u0002", "x", ["not-an-email"]) { By = "a" }).Refusal!.Vi, StringComparison.Ordinal);
        Assert.Equal(RefusalKind.WrongPhase, When(Created, new ReissueUnitLink("u0002", "x", null) { By = "a" }).Refusal!.Kind);
    }

    [Fact]
    public void A_unit_may_submit_once_its_own_announcement_went_out_even_while_others_wait()
    {
        Assert.IsType<SubmissionRecorded>(When(Announcing, new RecordSubmission("u0001", "s1", new Dictionary<string, decimal>()) { By = "unit" }).Events.Single());
        Assert.Equal(RefusalKind.WrongPhase, When(Announcing, new RecordSubmission("u0002", "s1", new Dictionary<string, decimal>()) { By = "unit" }).Refusal!.Kind);
    }

    [Fact]
    public void Busy_days_are_kept_sorted_replace_earlier_ones_and_repeating_them_changes_nothing()
    {
        var days = new[] { new DateOnly(2026, 12, 23), new DateOnly(2026, 12, 22), new DateOnly(2026, 12, 22) };
        var state = After(Collecting, new DeclareBlackoutDates("u0001", days) { By = "unit:U0001" });

        Assert.Equal([new DateOnly(2026, 12, 22), new DateOnly(2026, 12, 23)], state.Units["u0001"].BlackoutDates);
        Assert.Empty(CycleDecider.Decide(state, new DeclareBlackoutDates("u0001", days) { By = "u" }, Now).Events);
        var cleared = CycleDecider.Decide(state, new DeclareBlackoutDates("u0001", []) { By = "u" }, Now).Events.Single();
        Assert.Empty(((BlackoutDatesDeclared)cleared).Days);
    }

    [Fact]
    public void Busy_days_outside_the_window_too_many_or_after_scheduling_started_are_refused()
    {
        Assert.Contains("nằm ngoài thời gian thẩm định", When(Collecting, new DeclareBlackoutDates("u0001", [new DateOnly(2026, 12, 20)]) { By = "u" }).Refusal!.Vi, StringComparison.Ordinal);
        var many = ItEval.Scheduling.WorkingCalendar.Vietnam.Between(new DateOnly(2026, 12, 21), new DateOnly(2027, 1, 29)).Take(11).ToList();
        Assert.Contains("không phải ngày làm việc", When(Collecting, new DeclareBlackoutDates("u0001", [new DateOnly(2026, 12, 26)]) { By = "u" }).Refusal!.Vi, StringComparison.Ordinal);
        Assert.Contains("tối đa 10", When(Collecting, new DeclareBlackoutDates("u0001", many) { By = "u" }).Refusal!.Vi, StringComparison.Ordinal);
        CycleEvent[] scheduling = [.. Collecting, new CollectingClosed("deadline") { At = Now, By = "system" }];
        Assert.Contains("lập lịch", When(scheduling, new DeclareBlackoutDates("u0001", []) { By = "u" }).Refusal!.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void The_planner_never_puts_a_visit_on_a_day_the_unit_declared_busy()
    {
        var units = Def.Units;
        var monday = new DateOnly(2026, 12, 21);
        var plain = new VisitRequest(units, monday, monday.AddDays(4), 1, [], Def.Team);
        var first = new MatchingVisitPlanner().Plan(plain).Visits!;
        var busyUnit = first[0].UnitId;

        var plan = new MatchingVisitPlanner().Plan(plain with
        {
            Blackouts = new Dictionary<string, IReadOnlyCollection<DateOnly>> { [busyUnit] = [monday, monday.AddDays(1)] },
        }).Visits!;

        Assert.Equal(units.Count, plan.Count);
        Assert.DoesNotContain(plan.Single(v => v.UnitId == busyUnit).Day, new[] { monday, monday.AddDays(1) });
        Assert.Equal(plan.Count, plan.Select(v => v.Day).Distinct().Count());
        Assert.Equal(monday, plan.Min(v => v.Day));
    }

    [Fact]
    public void A_unit_busy_on_every_free_day_makes_the_plan_say_which_unit_cannot_be_placed()
    {
        var monday = new DateOnly(2026, 12, 21);
        var plan = new MatchingVisitPlanner().Plan(new VisitRequest(Def.Units.Take(1).ToList(), monday, monday, 4, [], Def.Team,
            new Dictionary<string, IReadOnlyCollection<DateOnly>> { ["u0001"] = [monday] }));

        Assert.Null(plan.Visits);
        Assert.Contains("U0001", plan.ProblemVi, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reissue_to_thousands_of_addresses_is_refused()
    {
        var emails = Enumerable.Range(0, 5000).Select(i => $"a{i}@b.vn").ToList();

        Assert.Contains("Tối đa 20 địa chỉ thư", When(Collecting, new ReissueUnitLink("u0001", "đổi người liên hệ", emails) { By = "admin" }).Refusal!.Vi, StringComparison.Ordinal);
    }
}
