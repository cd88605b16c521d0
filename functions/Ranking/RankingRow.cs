namespace ItEval.Ranking;

/// <summary>Last cycle's result of a unit, to show the change from the previous year.</summary>
public sealed record PreviousResult(string UnitId, decimal Total, int? Rank);

/// <summary>
/// One row of the ranking table (bảng xếp hạng): one unit in one cycle, ready to store as-is.
/// <see cref="Rank"/> and <see cref="BandCode"/> are empty for units listed without a rank.
/// <see cref="RankChange"/> is positive when the unit moved up. <see cref="Groups"/> holds each criteria
/// group's points, in rubric order.
/// </summary>
public readonly record struct RankingRow(
    string CycleId,
    string RankingGroup,
    string UnitId,
    UnitStatus Status,
    ScoringMethod Method,
    decimal Total,
    IReadOnlyList<GroupScore> Groups,
    int? Rank,
    string? BandCode,
    int NotAppraisedCount,
    decimal? PreviousTotal,
    decimal? ScoreChange,
    int? PreviousRank,
    int? RankChange);
