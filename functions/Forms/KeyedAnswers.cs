namespace ItEval.Forms;

/// <summary>An answer that names its criterion by code (CSV and JSON), with where it was found.</summary>
internal sealed record KeyedAnswer(string Code, RawAnswer Answer, string Explanation, Where AnswerAt, Where ExplanationAt);

/// <summary>Matches coded answers to the rubric: each scored criterion exactly once, nothing else.</summary>
internal static class KeyedAnswers
{
    public static FormReadResult Read(IReadOnlyList<KeyedAnswer> answers, FormContext expected, Where missingAt)
    {
        var problems = new List<FormProblem>();
        var byCode = new Dictionary<string, KeyedAnswer>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var criterion = expected.Rubric.FindCriterion(answer.Code);
            if (criterion is null)
            {
                problems.Add(answer.AnswerAt.Problem($"không có tiêu chí mã \"{answer.Code}\" trong bộ tiêu chí", $"there is no criterion \"{answer.Code}\" in the rubric"));
            }
            else if (!criterion.IsLeaf)
            {
                problems.Add(answer.AnswerAt.Problem(
                    $"tiêu chí {answer.Code} được tính từ các tiêu chí thành phần, không nhập trực tiếp",
                    $"criterion {answer.Code} is the sum of its sub-criteria and is not entered directly"));
            }
            else if (!byCode.TryAdd(answer.Code, answer))
            {
                problems.Add(answer.AnswerAt.Problem($"tiêu chí {answer.Code} bị nhập hai lần", $"criterion {answer.Code} is entered twice"));
            }
        }

        var inputs = new List<LeafInput>();
        foreach (var leaf in expected.Rubric.Leaves)
        {
            if (byCode.TryGetValue(leaf.Code, out var answer))
            {
                inputs.Add(new LeafInput(leaf, answer.Answer, answer.Explanation, answer.AnswerAt, answer.ExplanationAt));
            }
            else
            {
                problems.Add(missingAt.Problem($"thiếu tiêu chí {leaf.Code}", $"criterion {leaf.Code} is missing"));
            }
        }

        var assessment = AnswerRules.Build(expected, inputs, problems);
        return new FormReadResult(problems.Count == 0 ? assessment : null, problems);
    }
}
