using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

public sealed class YearlyDraftTests
{
    [Fact]
    public async Task When_the_schedule_is_due_next_years_cycle_is_drafted_once_from_the_last_one()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1), new Dictionary<string, string?> { ["Cycles:YearlyDraftCron"] = "0 8 2 1 *" });
        await cycle.Do("ky-2026", new CreateCycle(Definition("ky-2026", 3)) { By = "admin" });

        await cycle.AdvanceToAsync(Vn(2027, 1, 2, 7, 59));
        Assert.False(await cycle.Query("ky-2027", s => s.Exists));

        await cycle.AdvanceToAsync(Vn(2027, 1, 2, 8, 0));
        await cycle.AdvanceToAsync(Vn(2027, 1, 3, 8, 0));

        var drafted = await cycle.Query("ky-2027", s => (s.Phase, s.Definition!.Year, s.Definition.Name, s.Definition.Deadline, s.Definition.AppraisalStart, s.Units.Count, s.Version));
        Assert.Equal((CyclePhase.Draft, 2027, "Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2027", new DateOnly(2027, 12, 15), new DateOnly(2027, 12, 21), 3, 1L), drafted);
        var history = await cycle.Get<CycleStore>().ReadAsync("ky-2027", 0, CancellationToken.None);
        Assert.Equal("yearly-schedule", Assert.Single(history).Event.By);
    }

    [Fact]
    public async Task Without_a_schedule_nothing_is_drafted()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await cycle.Do("ky-2026", new CreateCycle(Definition("ky-2026", 3)) { By = "admin" });

        await cycle.AdvanceToAsync(Vn(2027, 6, 1));

        Assert.Single(await cycle.Get<CycleStore>().ListAsync(activeOnly: false, CancellationToken.None));
    }
}
