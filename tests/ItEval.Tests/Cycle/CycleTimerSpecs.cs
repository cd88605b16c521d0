using ItEval.Cycle;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>Timers and state a whole provincial round found wrong. Pure decider specs.</summary>
public sealed class CycleTimerSpecs
{
    private static readonly DateTimeOffset Now = Vn(2026, 12, 2);
    private static readonly CycleDefinition Def = Definition("c", 3);

    private static CycleEvent[] Collecting =>
    [
        new CycleCreated(Def) { At = Now, By = "admin" },
        new CycleStarted { At = Now, By = "admin" },
        new UnitsAnnounced(["u0001", "u0002", "u0003"]) { At = Now, By = "system" },
        new CollectingOpened { At = Now, By = "system" },
    ];

    private static IReadOnlyDictionary<string, decimal> Scores() => SelfScores(ItEval.Rubrics.RubricReader.Read(Def.RubricJson));

    private static Decision Tick(CycleEvent[] given, DateTimeOffset at) => CycleDecider.Decide(CycleState.Fold("c", given), new Tick(at) { By = "timer" }, at);

    [Fact]
    public void An_extended_unit_that_still_has_not_submitted_gets_its_overdue_notice_before_collecting_ends()
    {
        CycleEvent[] given =
        [
            .. Collecting,
            new SubmissionRecorded("u0002", "s2", Scores(), false) { At = Now, By = "unit" },
            new SubmissionRecorded("u0003", "s3", Scores(), false) { At = Now, By = "unit" },
            new DeadlineExtended("u0001", new DateOnly(2026, 12, 18), "đơn vị xin gia hạn") { At = Now, By = "admin" },
            // Its reminders before the new deadline went out.
            new RemindersDue("20261218-1d", -1, new DateOnly(2026, 12, 18), ["u0001"]) { At = Vn(2026, 12, 17, 8, 1), By = "system" },
        ];

        // The end of its new deadline day: collecting must wait for the notice at 08:00.
        Assert.Empty(Tick(given, Vn(2026, 12, 19, 0, 1)).Events);
        var morning = Tick(given, Vn(2026, 12, 19, 8, 1));

        Assert.Equal([typeof(RemindersDue), typeof(CollectingClosed)], morning.Events.Select(e => e.GetType()));
        var overdue = (RemindersDue)morning.Events[0];
        Assert.Equal(("20261218+1d", 1, "u0001"), (overdue.Key, overdue.DaysFromDeadline, Assert.Single(overdue.UnitIds)));
    }

    [Fact]
    public void A_scheduling_error_clears_once_the_plan_is_recorded_and_stays_cleared_through_publication()
    {
        CycleEvent[] failed =
        [
            .. Collecting,
            new SubmissionRecorded("u0001", "s1", Scores(), false) { At = Now, By = "unit" },
            new CollectingClosed("deadline") { At = Now, By = "system" },
            new SchedulingFailed("Không đủ ngày làm việc", "Not enough working days") { At = Now, By = "system" },
        ];
        CycleEvent[] planned =
        [
            .. failed,
            new AppraisalWindowChanged(new DateOnly(2026, 12, 21), new DateOnly(2027, 2, 26), 4, "thêm ngày") { At = Now, By = "admin" },
            new VisitsPlanned([new Visit("u0001", new DateOnly(2026, 12, 21), 0, ["tv1"])]) { At = Now, By = "system" },
        ];
        CycleEvent[] published =
        [
            .. planned,
            new AppraisalClosed("đủ") { At = Now, By = "admin" },
            new RankingComputed(3) { At = Now, By = "system" },
            new ResultsPublished(1) { At = Now, By = "admin" },
        ];

        Assert.Equal("Not enough working days", CycleState.Fold("c", failed).LastError);
        Assert.Null(CycleState.Fold("c", planned).LastError);
        Assert.Null(CycleState.Fold("c", published).LastError);
    }

    [Theory]
    [InlineData(2026, 12, 28, 2026, 12, 25)] // Monday → the Friday before
    [InlineData(2027, 1, 4, 2026, 12, 31)]   // Monday after the 1 January holiday → Thursday
    [InlineData(2026, 12, 23, 2026, 12, 22)] // Wednesday → Tuesday
    public void A_visit_is_reminded_at_8_on_the_working_day_before(int y, int m, int d, int ry, int rm, int rd)
    {
        var day = new DateOnly(y, m, d);
        CycleEvent[] given =
        [
            .. Collecting,
            new SubmissionRecorded("u0001", "s1", Scores(), false) { At = Now, By = "unit" },
            new CollectingClosed("deadline") { At = Now, By = "system" },
            new VisitsPlanned([new Visit("u0001", day, 0, ["tv1"])]) { At = Now, By = "system" },
        ];
        var remindAt = Vn(ry, rm, rd, 8, 0);

        Assert.Contains(new DueTimer(remindAt, $"visit reminder {day:yyyy-MM-dd}"), CycleDecider.PendingTimers(CycleState.Fold("c", given)));
        Assert.Empty(Tick(given, remindAt.AddMinutes(-1)).Events);
        Assert.IsType<VisitRemindersDue>(Assert.Single(Tick(given, remindAt.AddMinutes(1)).Events));
    }

    [Fact]
    public void Refusals_name_the_phase_in_the_readers_language()
    {
        var decision = CycleDecider.Decide(CycleState.Fold("c", Collecting), new PublishResults { By = "admin" }, Now);

        Assert.Equal("Không thể công bố kết quả khi kỳ đánh giá đang ở giai đoạn thu phiếu tự đánh giá.", decision.Refusal!.Vi);
        Assert.Equal("Cannot publish results while the cycle is in phase \"collecting self-assessments\".", decision.Refusal.En);
    }

    [Theory]
    [InlineData(1, "en", "1 day")]
    [InlineData(3, "en", "3 days")]
    [InlineData(1, "vi", "1 ngày")]
    public void Counted_words_take_the_plural_of_the_readers_language(int count, string language, string expected)
    {
        Assert.Equal(expected, CycleWords.Days(count, language));
        Assert.Equal(expected.Replace("day", "working day", StringComparison.Ordinal).Replace("ngày", "ngày làm việc", StringComparison.Ordinal), CycleWords.WorkingDays(count, language));
    }
}
