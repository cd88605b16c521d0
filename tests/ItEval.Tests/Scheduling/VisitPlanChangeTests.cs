using ItEval.Cycle;
using ItEval.Email;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Scheduling;

/// <summary>A sent plan changes: only the units whose visit changed get an email, with the same invite UID and a higher SEQUENCE.</summary>
public sealed class VisitPlanChangeTests
{
    private const string Admin = "cntt";

    /// <summary>Eight units, two teams (A: tv1 leading, tv2 in conflict with u0001; B: tv3), two visits per team per day.</summary>
    private static async Task<CycleHarness> AppraisingAsync(TestStorage storage)
    {
        var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1, 8));
        var definition = Definition("plan", 8, visitsPerDay: 2) with
        {
            Team =
            [
                new TeamMember("tv1", "Nguyễn Văn An", "an@tinh.gov.vn", null, "A", true),
                new TeamMember("tv2", "Trần Thị Bình", "binh@tinh.gov.vn", ["u0001"], "A"),
                new TeamMember("tv3", "Lê Văn Cường", "cuong@tinh.gov.vn", null, "B"),
            ],
        };
        Assert.Null((await cycle.Do("plan", new CreateCycle(definition) { By = Admin })).Refusal);
        await cycle.Do("plan", new StartCycle { By = Admin });
        await cycle.SettleAsync();
        var rubric = await cycle.Query("plan", s => s.Rubric);
        for (var i = 1; i <= 8; i++)
        {
            await cycle.Do("plan", new RecordSubmission($"u{i:D4}", $"s{i}", SelfScores(rubric, i)) { By = "unit" });
        }

        await cycle.AdvanceToAsync(Vn(2026, 12, 16, 8, 1));
        Assert.Equal(CyclePhase.Appraising, await cycle.Query("plan", s => s.Phase));
        return cycle;
    }

    private static int VisitEmails(CycleHarness cycle, string unit) =>
        cycle.Deliveries.Count(id => id.StartsWith($"plan/{unit}/{EmailKinds.VisitPlan}/", StringComparison.Ordinal));

    [Fact]
    public async Task Moving_a_visit_to_a_free_slot_emails_that_unit_only_with_the_same_invite_and_a_higher_sequence()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await AppraisingAsync(storage);
        var changes = cycle.Get<VisitPlanChanges>();
        var before = await cycle.Query("plan", s => s.Visited.ToDictionary(u => u.Info.Id, u => u.Visit!));
        var inviteBefore = await cycle.Query("plan", s => cycle.Get<CycleEmails>().Visit(s, s.Units["u0003"], EmailKinds.VisitPlan, "plan").Attachments![0].Content);
        Assert.DoesNotContain("tv2", before["u0001"].TeamMemberIds);
        Assert.All(before.Values.GroupBy(v => (v.Day, v.TeamId)), g => Assert.True(g.Count() <= 2));
        Assert.All(before.Keys, unit => Assert.Equal(1, VisitEmails(cycle, unit)));

        var free = await changes.FreeSlotsAsync("plan", "u0003", CancellationToken.None);
        var target = free![0];
        var moved = await changes.MoveAsync("plan", "u0003", target.Day, target.TeamId, "Đơn vị có lịch họp HĐND", Admin, CancellationToken.None);
        await cycle.SettleAsync();

        Assert.Null(moved.Result!.Refusal);
        var visit = Assert.Single(moved.Changed!);
        Assert.Equal(("u0003", target.Day, target.TeamId), (visit.UnitId, visit.Day, visit.TeamId));
        Assert.Equal(2, VisitEmails(cycle, "u0003"));
        Assert.All(before.Keys.Where(u => u != "u0003"), unit => Assert.Equal(1, VisitEmails(cycle, unit)));
        var after = await cycle.Query("plan", s => s.Visited.ToDictionary(u => u.Info.Id, u => u.Visit!));
        Assert.All(before.Keys.Where(u => u != "u0003"), unit => Assert.Same(before[unit], after[unit]));
        var inviteAfter = await cycle.Query("plan", s => cycle.Get<CycleEmails>().Visit(s, s.Units["u0003"], EmailKinds.VisitPlan, "x").Attachments![0].Content);
        Assert.Equal(Line(inviteBefore, "UID:"), Line(inviteAfter, "UID:"));
        Assert.Equal("SEQUENCE:1", Line(inviteAfter, "SEQUENCE:"));
        Assert.Contains(await cycle.Query("plan", s => s.VisitPlanVersion), new[] { 1 });
    }

    [Fact]
    public async Task A_change_computed_on_an_older_plan_or_breaking_a_rule_is_refused_and_a_member_who_drops_out_leaves_every_visit()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await AppraisingAsync(storage);
        var changes = cycle.Get<VisitPlanChanges>();
        var visits = await cycle.Query("plan", s => s.Visited.Select(u => u.Visit!).ToList());
        var first = visits[0];
        var busy = await cycle.Query("plan", s => s.Units[first.UnitId].Visit!.Day);
        var crowded = visits.First(v => v.UnitId != first.UnitId && v.Day == first.Day && v.TeamId == first.TeamId);

        var overbooked = await cycle.Do("plan", new ChangeVisits([first with { Slot = crowded.Slot }], "thử", 0) { By = Admin });
        var conflicted = await cycle.Do("plan", new ChangeVisits([visits.Single(v => v.UnitId == "u0001") with { TeamMemberIds = ["tv2"], TeamId = "A" }], "thử", 0) { By = Admin });
        var dropped = await changes.DropMemberAsync("plan", "tv1", "Đồng chí An đi công tác", Admin, CancellationToken.None);
        var stale = await cycle.Do("plan", new ChangeVisits([first with { Day = busy }], "thử", 0) { By = Admin });
        await cycle.SettleAsync();

        Assert.Equal(RefusalKind.Invalid, overbooked.Refusal?.Kind);
        Assert.Equal(RefusalKind.Invalid, conflicted.Refusal?.Kind);
        Assert.Contains("xung đột lợi ích", conflicted.Refusal!.Vi, StringComparison.Ordinal);
        Assert.Null(dropped.Result!.Refusal);
        Assert.Equal(RefusalKind.Conflict, stale.Refusal?.Kind);
        var after = await cycle.Query("plan", s => s.Visited.Select(u => u.Visit!).ToList());
        Assert.DoesNotContain(after, v => v.TeamMemberIds.Contains("tv1"));
        Assert.DoesNotContain(after, v => v.UnitId == "u0001" && v.TeamMemberIds.Contains("tv2"));
        var changedUnits = dropped.Changed!.Select(v => v.UnitId).ToHashSet();
        Assert.All(visits, v => Assert.Equal(changedUnits.Contains(v.UnitId) ? 2 : 1, VisitEmails(cycle, v.UnitId)));
        Assert.All(visits.Where(v => v.TeamMemberIds.Contains("tv1")), v => Assert.Contains(v.UnitId, changedUnits));
        var history = await cycle.Query("plan", s => s.Version);
        Assert.True(history > 0);
    }

    private static string Line(string ics, string start) =>
        ics.Split("\r\n").Single(l => l.StartsWith(start, StringComparison.Ordinal));
}
