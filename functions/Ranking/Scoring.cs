using ItEval.Rubrics;

namespace ItEval.Ranking;

/// <summary>Where a unit stands in the evaluation.</summary>
public enum UnitStatus
{
    /// <summary>Chưa nộp / không nộp.</summary>
    NotSubmitted,

    /// <summary>Submitted; no criterion appraised yet.</summary>
    SelfAssessed,

    /// <summary>Some criteria appraised.</summary>
    PartlyAppraised,

    /// <summary>Every criterion appraised.</summary>
    Appraised,
}

/// <summary>A criteria group's points (capped at its max) and its index (points ÷ max, in [0, 1]).</summary>
public sealed record GroupScore(string Code, decimal Points, decimal MaxPoints)
{
    public decimal Index => MaxPoints == 0 ? 0m : Points / MaxPoints;
}

/// <summary>A unit's final score: total by the cycle's method, per-group points, and what was not appraised.</summary>
public sealed record UnitScore(
    string UnitId,
    string RankingGroup,
    UnitStatus Status,
    decimal Total,
    IReadOnlyList<GroupScore> Groups,
    IReadOnlyList<string> NotAppraised);

/// <summary>Turns a unit's assessment into its final score. Pure; full decimal precision throughout.</summary>
public static class Scoring
{
    public static UnitScore Score(Rubric rubric, UnitAssessment unit, ScoringSettings settings)
    {
        if (!unit.Submitted)
        {
            var zero = rubric.Groups.Select(g => new GroupScore(g.Code, 0m, g.MaxPoints)).ToList();
            return new UnitScore(unit.UnitId, unit.RankingGroup, UnitStatus.NotSubmitted, 0m, zero, []);
        }

        var groups = rubric.Groups
            .Select(g => new GroupScore(g.Code, Math.Min(g.Criteria.Sum(c => CriterionPoints(c, unit, settings)), g.MaxPoints), g.MaxPoints))
            .ToList();
        var leaves = rubric.Leaves.Select(l => l.Code).ToList();
        var notAppraised = leaves.Where(code => !unit.Appraisals.ContainsKey(code)).ToList();
        var status = notAppraised.Count == leaves.Count ? UnitStatus.SelfAssessed
            : notAppraised.Count == 0 ? UnitStatus.Appraised
            : UnitStatus.PartlyAppraised;
        return new UnitScore(unit.UnitId, unit.RankingGroup, status, Total(rubric, groups, settings.Method), groups, notAppraised);
    }

    /// <summary>Points: Σ group points. Weighted index: Σ weight × index ÷ Σ weight (groups with max 0 are left out).</summary>
    public static decimal Total(Rubric rubric, IReadOnlyList<GroupScore> groups, ScoringMethod method)
    {
        if (method == ScoringMethod.Points)
        {
            return groups.Sum(g => g.Points);
        }

        var weighted = rubric.Groups.Zip(groups).Where(pair => pair.First.MaxPoints > 0).ToList();
        var weights = weighted.Sum(pair => pair.First.Weight);
        return weights == 0 ? 0m : weighted.Sum(pair => pair.First.Weight * pair.Second.Index) / weights;
    }

    /// <summary>A leaf: appraised score, else per policy; a parent: the sum of its children. Always within [0, max].</summary>
    private static decimal CriterionPoints(Criterion criterion, UnitAssessment unit, ScoringSettings settings)
    {
        var points = criterion.IsLeaf
            ? unit.Appraisals.TryGetValue(criterion.Code, out var appraised) ? appraised.Points
                : settings.Unappraised == UnappraisedPolicy.UseSelfScore ? unit.SelfScores.GetValueOrDefault(criterion.Code)
                : 0m
            : criterion.SubCriteria.Sum(sub => CriterionPoints(sub, unit, settings));
        return Math.Clamp(points, 0m, criterion.MaxPoints);
    }
}
