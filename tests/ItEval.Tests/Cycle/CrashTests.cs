using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;
using ItEval.Engine;

namespace ItEval.Tests.Cycle;

/// <summary>
/// The instance dies at a step boundary (a simulated crash: in a command, or in an activity its
/// orchestration worker runs), a fresh instance takes over on the same storage and task hub, and the
/// cycle must still finish with exactly one email of each kind per unit and every submission kept.
/// </summary>
public sealed class CrashTests
{
    private const string Id = "crash";

    [Theory]
    [InlineData(EngineSteps.AfterAppend, null, 2)]       // start appended, its orchestration not yet started
    [InlineData(EngineSteps.AfterAppend, null, 3)]       // an announcement batch recorded by its activity, not yet reported
    [InlineData(EngineSteps.AfterAppend, null, 6)]       // a submission recorded
    [InlineData(EngineSteps.AfterAppend, null, 9)]       // reminders decided by the timer's activity, their emails not yet run
    [InlineData(EngineSteps.AfterSideEffects, WorkKinds.Announce, 1)]   // forms and emails done, completion not recorded
    [InlineData(EngineSteps.AfterSideEffects, WorkKinds.Email, 1)]
    [InlineData(EngineSteps.AfterSideEffects, WorkKinds.Email, 4)]
    [InlineData(EngineSteps.AfterSideEffects, WorkKinds.Schedule, 1)]
    [InlineData(EngineSteps.AfterSideEffects, WorkKinds.Rank, 1)]
    public async Task A_crash_at_any_step_loses_nothing_and_duplicates_nothing(string step, string? kind, int occurrence)
    {
        await using var storage = await TestStorage.CreateAsync();
        var harness = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var crashes = 0;
        var seen = 0;
        void Arm(CycleHarness h) => h.Steps.OnStep = (reached, work) =>
        {
            if (reached == step && (kind is null || work?.Kind == kind) && Interlocked.Increment(ref seen) == occurrence && Interlocked.Increment(ref crashes) == 1)
            {
                return h.CrashHere();
            }

            return Task.CompletedTask;
        };
        Arm(harness);

        async Task Step(Func<CycleHarness, Task> action)
        {
            var attempt = action(harness);
            if (await Task.WhenAny(attempt, harness.Crashed) == attempt && !harness.Crashed.IsCompleted)
            {
                await attempt;
                return;
            }

            // The process died (in the test's own call, or in an activity of its worker): a new one starts on
            // the same storage. The dead one's activity goes back to the task hub's queue; its outbox leases
            // run out on the clock.
            _ = attempt.ContinueWith(t => t.Exception, TaskScheduler.Default);
            await harness.DisposeAsync();
            harness = harness.Restart();
            Arm(harness);
            await harness.StartWorkerAsync();
            harness.Time.Advance(ItEval.Email.OutboxMailer.Lease);
            await action(harness);
            await harness.SettleAsync();
        }

        var rubric = ItEval.Rubrics.RubricReader.Read(Definition(Id, 6).RubricJson);
        await Step(h => h.Do(Id, new CreateCycle(Definition(Id, 6)) { By = "admin" }));
        await Step(h => h.Do(Id, new StartCycle { By = "admin" }));
        await Step(h => h.SettleAsync());
        for (var i = 1; i <= 5; i++)
        {
            var unit = $"u{i:D4}";
            await Step(h => h.Do(Id, new RecordSubmission(unit, $"s-{unit}", SelfScores(rubric, i)) { By = "unit" }));
        }

        foreach (var at in new[] { Vn(2026, 12, 8, 8, 1), Vn(2026, 12, 12, 8, 1), Vn(2026, 12, 14, 8, 1), Vn(2026, 12, 16, 8, 1) })
        {
            await Step(h => h.AdvanceToAsync(at));
        }

        var days = await harness.Query(Id, s => s.Visited.Select(u => u.Visit!.Day).Distinct().Order().ToList());
        foreach (var day in days)
        {
            await Step(h => h.AdvanceToAsync(Vn(day.Year, day.Month, day.Day, 8, 1).AddDays(-1)));
        }

        var visited = await harness.Query(Id, s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList());
        foreach (var (unit, self) in visited)
        {
            var scores = self.Select(s => new ItEval.Ranking.AppraisedScore(s.Key, s.Value, null, "tv1", Vn(2026, 12, 22))).ToList();
            await Step(h => h.Do(Id, new RecordAppraisal(unit, scores) { By = "tv1" }));
        }

        await Step(h => h.SettleAsync());
        await Step(h => h.Do(Id, new CloseAppraisal("Đã thẩm định đủ") { By = "admin" }));
        await Step(h => h.SettleAsync());
        await Step(h => h.Do(Id, new PublishResults { By = "admin" }));
        await Step(h => h.SettleAsync());
        await Step(h => h.AdvanceToAsync(Vn(2027, 2, 15, 8)));
        await Step(h => h.Do(Id, new CloseCycle { By = "admin" }));

        Assert.Equal(1, crashes);
        Assert.Equal((CyclePhase.Closed, 5), await harness.Query(Id, s => (s.Phase, s.Units.Values.Count(u => u.Submitted))));
        // Counted where the provider is: no email was handed over twice, whatever instance sent it.
        Assert.Empty(harness.Deliveries.Duplicates);
        var sent = await harness.SentAsync(Id);
        Assert.Equal(sent.Count, harness.Deliveries.HandedOver.Count);
        Assert.Equal(
            new SortedDictionary<string, int>
            {
                [EmailKinds.Announcement] = 6,
                [EmailKinds.Reminder] = 3,
                [EmailKinds.Overdue] = 1,
                [EmailKinds.VisitPlan] = 6,
                [EmailKinds.VisitReminder] = 5,
                [EmailKinds.Result] = 6,
                [EmailKinds.AdminSummary] = 1,
            },
            new SortedDictionary<string, int>(sent.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count())));
        var outbox = await harness.Mailer.ListAsync(Id, CancellationToken.None);
        Assert.All(outbox, row => Assert.Equal("sent", row.GetString("Status")));
        await harness.DisposeAsync();
    }
}
