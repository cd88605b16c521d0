using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>One instance, many cycles: memory holds a bounded number; a cycle that left is read again and works.</summary>
public sealed class CycleCacheTests
{
    [Fact]
    public async Task At_most_the_configured_cycles_stay_in_memory_and_a_cycle_that_left_still_takes_commands_and_answers()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1, 8), new Dictionary<string, string?> { ["Cycles:MaxCachedCycles"] = "2" });
        var ids = Enumerable.Range(1, 5).Select(i => $"k{i}").ToList();
        var peak = 0;
        foreach (var id in ids)
        {
            Assert.Null((await cycle.Do(id, new ItEval.Cycle.CreateCycle(Definition(id, 3)) { By = "admin" })).Refusal);
            peak = Math.Max(peak, cycle.Engine.CachedCycles);
        }

        foreach (var id in ids)
        {
            Assert.Null((await cycle.Do(id, new ItEval.Cycle.StartCycle { By = "admin" })).Refusal);
            peak = Math.Max(peak, cycle.Engine.CachedCycles);
        }

        await cycle.SettleAsync();
        var phases = new List<ItEval.Cycle.CyclePhase>();
        foreach (var id in ids)
        {
            phases.Add(await cycle.Query(id, s => s.Phase));
            peak = Math.Max(peak, cycle.Engine.CachedCycles);
        }

        Assert.Equal(2, cycle.Engine.MaxCachedCycles);
        Assert.InRange(peak, 1, 2);
        Assert.All(phases, phase => Assert.Equal(ItEval.Cycle.CyclePhase.Collecting, phase));
        // Every unit of every cycle got exactly one announcement, whatever left memory in between.
        Assert.Equal(15, cycle.Deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
        Assert.Empty(cycle.Deliveries.Duplicates);
    }
}

/// <summary>The preview rankings an instance keeps are bounded too.</summary>
public sealed class RankingCacheTests
{
    [Fact]
    public void At_most_the_capacity_of_cycles_keep_a_preview_ranking_and_one_that_left_is_ranked_again()
    {
        var cache = new ItEval.Cycle.RankingCache();
        var states = Enumerable.Range(1, ItEval.Cycle.RankingCache.Capacity + 5)
            .Select(i => ItEval.Cycle.CycleState.Fold($"r{i}", [new ItEval.Cycle.CycleCreated(SampleCycles.Definition($"r{i}", 3)) { At = DateTimeOffset.UnixEpoch, By = "admin" }]))
            .ToList();

        var first = cache.Of(states[0]);
        foreach (var state in states.Skip(1))
        {
            cache.Of(state);
        }

        Assert.Equal(ItEval.Cycle.RankingCache.Capacity, cache.Count);
        Assert.Equal(3, first.Rows.Count);
        Assert.NotSame(first, cache.Of(states[0]));
        Assert.Equal(first.Rows.Select(r => r.UnitId), cache.Of(states[0]).Rows.Select(r => r.UnitId));
    }
}
