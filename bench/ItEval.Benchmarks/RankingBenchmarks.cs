using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Benchmarks;

/// <summary>
/// Issue target: rank 100,000 units in 50 ranking groups in under 100 ms on one core.
/// The job is pinned to one core (affinity 1) so the figure is per core.
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private readonly Rubric _rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);
    private readonly ScoringSettings _settings = new();
    private UnitScore[] _scores = null!;

    [GlobalSetup]
    public void Setup() =>
        _scores = [.. SampleUnits.Assessments(_rubric, 100_000, groups: 50).Select(a => Scoring.Score(_rubric, a, _settings))];

    [Benchmark]
    public int Rank100kUnitsIn50Groups() => Ranker.Rank("2026", _rubric, _scores, _settings).Count;
}

/// <summary>Scoring each unit's 28 criteria and ranking, for context (the scoring dominates).</summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class ScoreAndRankBenchmarks
{
    private readonly Rubric _rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);
    private readonly ScoringSettings _settings = new();
    private UnitAssessment[] _assessments = null!;

    [GlobalSetup]
    public void Setup() => _assessments = [.. SampleUnits.Assessments(_rubric, 100_000, groups: 50)];

    [Benchmark]
    public int ScoreAndRank100kUnits() => Ranker.Rank("2026", _rubric, _assessments, _settings).Count;
}

internal static class SampleUnits
{
    /// <summary>Deterministic units: random self-scores with 2 decimals, one in 50 not submitted.</summary>
    public static IEnumerable<UnitAssessment> Assessments(Rubric rubric, int count, int groups)
    {
        var random = new Random(2026);
        var leaves = rubric.Leaves.ToArray();
        return Enumerable.Range(0, count).Select(i => new UnitAssessment(
            $"unit-{i:D6}",
            $"group-{i % groups:D2}",
            Submitted: i % 50 != 0,
            leaves.ToDictionary(l => l.Code, l => Math.Round(l.MaxPoints * random.Next(0, 101) / 100m, 2)),
            new Dictionary<string, AppraisedScore>()));
    }
}

internal sealed class OneCoreConfig : ManualConfig
{
    public OneCoreConfig() => AddJob(Job.Default.WithAffinity(1).WithIterationCount(15).WithWarmupCount(5).WithId("OneCore"));
}
