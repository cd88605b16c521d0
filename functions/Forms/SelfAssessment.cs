namespace ItEval.Forms;

/// <summary>The unit's answer to one scored criterion, with the points it is worth under the rubric.</summary>
public sealed record CriterionAnswer(string Code, string Answer, decimal Points, string Explanation);

/// <summary>
/// Tự đánh giá: what a valid form says, read from the cells' values and recomputed from the frozen
/// rubric (the totals cached in the file are never used).
/// </summary>
public sealed record SelfAssessment(
    string FormId,
    string CycleId,
    string UnitId,
    string RubricId,
    int RubricVersion,
    IReadOnlyList<CriterionAnswer> Answers,
    decimal TotalPoints)
{
    public IReadOnlyDictionary<string, decimal> Points => Answers.ToDictionary(a => a.Code, a => a.Points);
}

/// <summary>The outcome of reading an upload: a self-assessment, or every problem found.</summary>
public sealed record FormReadResult(SelfAssessment? Assessment, IReadOnlyList<FormProblem> Problems)
{
    public bool Accepted => Assessment is not null && Problems.Count == 0;

    public static FormReadResult Rejected(IReadOnlyList<FormProblem> problems) => new(null, problems);
}
