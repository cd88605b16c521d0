using ItEval.Cycle;
using ItEval.Email;
using ItEval.Ranking;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>What a unit or an admin reads in the emails of a whole round, on Azurite with the local mail transport.</summary>
public sealed class ProvincialRoundTests
{
    private const string Id = "round";

    [Fact]
    public async Task Visit_invites_carry_the_units_own_texts_and_visits_keep_office_hours()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do(Id, new CreateCycle(Definition(Id, 6, visitsPerDay: 3)) { By = "admin" });
        await SubmitAllAndPlanAsync(cycle, 6);

        var invites = new List<string>();
        foreach (var unit in Enumerable.Range(1, 6).Select(i => $"u{i:D4}"))
        {
            var eml = await EmlAsync(storage, $"{Id}~{unit}~visit-plan~plan");
            invites.Add(Assert.Single(EmlWriter.Attachments(eml)).Content);
            Assert.Contains($"Đơn vị số {int.Parse(unit[1..], System.Globalization.CultureInfo.InvariantCulture)}", invites[^1], StringComparison.Ordinal);
        }

        Assert.All(invites, ics => Assert.DoesNotContain("%%", ics, StringComparison.Ordinal));
        var starts = invites.Select(ics => System.Text.RegularExpressions.Regex.Match(ics, @"DTSTART;TZID=[^:]+:\d{8}T(\d{4})").Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(["0800", "0945", "1400"], starts);
    }

    /// <summary>
    /// Issue 24: "remind now" reaches only the chosen units that still have not submitted, once each; the
    /// dashboard's next reminder names who it will go to; a reminder day already past before the start is told.
    /// </summary>
    [Fact]
    public async Task Remind_now_emails_only_the_chosen_units_still_missing_and_the_next_reminder_is_named()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var definition = Definition(Id, 4) with { ReminderDays = [-20, -3, 1] };
        await cycle.Do(Id, new CreateCycle(definition) { By = "admin" });
        // 20 days before 15/12 is 25/11: already past on 01/12, so that reminder will never go out.
        Assert.Equal([new DateOnly(2026, 11, 25)], CycleDecider.PastReminders(definition, cycle.Time.GetUtcNow()));
        await cycle.Do(Id, new StartCycle { By = "admin" });
        await cycle.SettleAsync();
        var rubric = await cycle.Query(Id, s => s.Rubric);
        Assert.Null((await cycle.Do(Id, new RecordSubmission("u0001", "s1", SelfScores(rubric)) { By = "unit" })).Refusal);

        var next = await cycle.Query(Id, s => CycleDecider.NextReminder(s));
        Assert.Equal(Vn(2026, 12, 12, 8), next!.Value.At);
        Assert.Equal(["u0002", "u0003", "u0004"], next.Value.UnitIds);
        Assert.Null((await cycle.Do(Id, new RemindNow(["u0001", "u0002", "u0003", "u0002"]) { By = "admin" })).Refusal);
        await cycle.SettleAsync();
        var reminded = cycle.Deliveries.HandedOver.Where(e => e.Key.Contains("reminder", StringComparison.Ordinal) && e.Key.Contains("now-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["u0002", "u0003"], reminded.Select(e => System.Text.RegularExpressions.Regex.Match(e.Key, "u\\d{4}").Value).Order());
        Assert.All(reminded, e => Assert.Equal(1, e.Value));
        Assert.Equal(RefusalKind.Invalid, (await cycle.Do(Id, new RemindNow(["u0001"]) { By = "admin" })).Refusal!.Kind);
    }

    [Fact]
    public async Task When_no_plan_can_be_made_the_admins_are_told_once()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do(Id, new CreateCycle(Definition(Id, 5, visitsPerDay: 1, appraisalEnd: new DateOnly(2026, 12, 22))) { By = "admin" });

        await SubmitAllAndPlanAsync(cycle, 5);
        await cycle.AdvanceToAsync(Vn(2026, 12, 17, 8, 1));

        Assert.NotNull(await cycle.Query(Id, s => s.SchedulingProblem));
        Assert.Equal(1, cycle.Deliveries.Count(id => id.Contains("/admins/scheduling-failed/", StringComparison.Ordinal)));
        var eml = await EmlAsync(storage, (await cycle.SentAsync(Id)).Where(e => e.Kind == EmailKinds.SchedulingFailed).Select(e => $"{Id}~{e.Unit}~{e.Kind}~{e.Key}").Single());
        Assert.Contains("Không đủ ngày làm việc", EmlWriter.Part(eml, "text/plain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_name_the_ranking_group_and_tell_a_unit_that_did_not_submit_what_that_means()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var definition = Definition(Id, 3) with { RankingGroupNames = new Dictionary<string, string> { ["so"] = "Khối sở, ban, ngành", ["huyen"] = "Khối huyện ủy" } };
        await cycle.Do(Id, new CreateCycle(definition) { By = "admin" });
        await SubmitAllAndPlanAsync(cycle, 2);
        var visited = await cycle.Query(Id, s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList());
        foreach (var (unit, self) in visited)
        {
            await cycle.Do(Id, new RecordAppraisal(unit, [.. self.Select(s => new AppraisedScore(s.Key, s.Value, null, "tv1", Vn(2026, 12, 22)))]) { By = "tv1" });
        }

        await cycle.SettleAsync();
        await cycle.Do(Id, new CloseAppraisal("Đã thẩm định đủ") { By = "admin" });
        await cycle.SettleAsync();
        await cycle.Do(Id, new PublishResults { By = "admin" });
        await cycle.SettleAsync();

        var submitted = EmlWriter.Part(await EmlAsync(storage, $"{Id}~u0001~result~edition1"), "text/plain")!;
        var missing = EmlWriter.Part(await EmlAsync(storage, $"{Id}~u0003~result~edition1"), "text/plain")!;
        // The group is named "Khối sở, ban, ngành": the sentence says "khối" once (issue 24).
        Assert.Contains("trong khối sở, ban, ngành", submitted, StringComparison.Ordinal);
        Assert.Contains("Đơn vị không nộp phiếu tự đánh giá nên không có điểm (0 điểm). Theo quy định của kỳ đánh giá, đơn vị được xếp cuối khối huyện ủy", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("khối Khối", submitted + missing, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("0 / 0", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_English_reminder_one_day_before_says_1_day_left()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var definition = Definition(Id, 1);
        definition = definition with { Units = [definition.Units[0] with { Language = "en" }] };
        await cycle.Do(Id, new CreateCycle(definition) { By = "admin" });
        await cycle.Do(Id, new StartCycle { By = "admin" });
        await cycle.SettleAsync();

        await cycle.AdvanceToAsync(Vn(2026, 12, 14, 8, 1));

        var eml = await EmlAsync(storage, $"{Id}~u0001~reminder~20261215-1d");
        Assert.Contains("1 day left to submit", EmlWriter.Subject(eml), StringComparison.Ordinal);
        Assert.Contains("1 day left before the self-assessment deadline", EmlWriter.Part(eml, "text/plain"), StringComparison.Ordinal);
    }

    /// <summary>Starts the cycle, the first <paramref name="submitting"/> units submit, the deadline passes and visits are planned.</summary>
    private static async Task SubmitAllAndPlanAsync(CycleHarness cycle, int submitting)
    {
        await cycle.Do(Id, new StartCycle { By = "admin" });
        await cycle.SettleAsync();
        var rubric = await cycle.Query(Id, s => s.Rubric);
        for (var i = 1; i <= submitting; i++)
        {
            await cycle.Do(Id, new RecordSubmission($"u{i:D4}", $"s{i}", SelfScores(rubric, i)) { By = "unit" });
        }

        await cycle.AdvanceToAsync(Vn(2026, 12, 16, 8, 1));
    }

    private static Task<string> EmlAsync(TestStorage storage, string rowKey) => storage.EmlAsync($"{Id}/{rowKey}.eml");
}
