namespace ItEval.Rubrics;

/// <summary>How a unit answers a criterion, and how that answer becomes points.</summary>
public abstract record Answer
{
    public abstract string Type { get; }
}

/// <summary>Points entered directly, from 0 to the criterion's max.</summary>
public sealed record PointsAnswer : Answer
{
    public override string Type => "points";
}

/// <summary>Yes is worth the criterion's max points, no is worth 0.</summary>
public sealed record YesNoAnswer : Answer
{
    public override string Type => "yesNo";

    public static decimal ToPoints(bool yes, decimal maxPoints) => yes ? maxPoints : 0m;
}

/// <summary>One level chosen from a list, each worth stated points.</summary>
public sealed record LevelAnswer(IReadOnlyList<Level> Levels) : Answer
{
    public override string Type => "level";

    public Level? Find(string code) => Levels.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));
}

public sealed record Level(string Code, Bilingual Name, decimal Points);

/// <summary>A percentage (0–100) converted to points by a stated rule.</summary>
public sealed record PercentageAnswer(PercentageRule Rule, IReadOnlyList<PercentageStep> Steps) : Answer
{
    public override string Type => "percentage";

    /// <summary>
    /// Linear: max × percent ÷ 100, kept at full precision. Steps: the points of the highest step whose
    /// minimum the percentage reaches, 0 below every step.
    /// </summary>
    public decimal ToPoints(decimal percent, decimal maxPoints) => Rule switch
    {
        PercentageRule.Linear => maxPoints * Math.Clamp(percent, 0m, 100m) / 100m,
        _ => Steps.Where(s => percent >= s.MinPercent).Select(s => s.Points).DefaultIfEmpty(0m).Max(),
    };
}

public enum PercentageRule
{
    Linear,
    Steps,
}

public sealed record PercentageStep(decimal MinPercent, decimal Points);
