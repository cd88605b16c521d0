namespace ItEval.Ranking;

/// <summary>How a cycle turns criterion points into a total (chosen per cycle).</summary>
public enum ScoringMethod
{
    /// <summary>Sum of points, each criterion capped at its max.</summary>
    Points,

    /// <summary>Σ weight × (group points ÷ group max) ÷ Σ weights, in [0, 1], as digital-transformation indexes compute it.</summary>
    WeightedIndex,
}

/// <summary>What counts for a criterion the appraisal team did not score.</summary>
public enum UnappraisedPolicy
{
    /// <summary>The unit's self-score stands.</summary>
    UseSelfScore,

    /// <summary>The criterion counts 0 and the unit is flagged as not fully appraised.</summary>
    CountAsNotAppraised,
}

/// <summary>Where a unit that never submitted appears.</summary>
public enum NotSubmittedPolicy
{
    /// <summary>Ranked after every unit that submitted, with a total of 0.</summary>
    RankLastWithZero,

    /// <summary>Listed without rank or band.</summary>
    ListUnranked,
}

/// <summary>The cycle's scoring and ranking rules.</summary>
public sealed record ScoringSettings
{
    public ScoringMethod Method { get; init; } = ScoringMethod.Points;

    public UnappraisedPolicy Unappraised { get; init; } = UnappraisedPolicy.UseSelfScore;

    public NotSubmittedPolicy NotSubmitted { get; init; } = NotSubmittedPolicy.RankLastWithZero;

    /// <summary>
    /// Optional: criteria-group codes compared in this order (higher group points first) to separate
    /// equal totals. Empty: equal totals share a rank (1, 2, 2, 4).
    /// </summary>
    public IReadOnlyList<string> TieBreakerGroups { get; init; } = [];

    /// <summary>Classification bands; null means the defaults for the method (<see cref="BandScale.Default"/>).</summary>
    public BandScale? Bands { get; init; }
}
