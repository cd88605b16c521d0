namespace ItEval.Rubrics;

/// <summary>One thing wrong in a rubric file, at a JSON path such as <c>$.groups[1].criteria[0].maxPoints</c>.</summary>
public sealed record RubricProblem(string Path, string Vi, string En)
{
    public override string ToString() => $"{Path}: {Vi} / {En}";
}

/// <summary>A rubric file that cannot be used; <see cref="Problems"/> lists every reason at once.</summary>
public sealed class InvalidRubricException(IReadOnlyList<RubricProblem> problems)
    : Exception("The rubric is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<RubricProblem> Problems { get; } = problems;
}
