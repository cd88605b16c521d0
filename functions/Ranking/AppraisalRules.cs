using ItEval.Rubrics;

namespace ItEval.Ranking;

/// <summary>Why an appraised score cannot be recorded, in Vietnamese and English.</summary>
public sealed record AppraisalProblem(string Field, string Vi, string En);

/// <summary>The rules an appraised score must meet before it is recorded.</summary>
public static class AppraisalRules
{
    public static IReadOnlyList<AppraisalProblem> Check(Rubric rubric, AppraisedScore score, decimal? selfScore)
    {
        var problems = new List<AppraisalProblem>();
        var criterion = rubric.FindCriterion(score.CriterionCode);
        if (criterion is null || !criterion.IsLeaf)
        {
            problems.Add(new("criterion", $"Tiêu chí \"{score.CriterionCode}\" không có trong bộ tiêu chí hoặc không được chấm trực tiếp.",
                $"Criterion \"{score.CriterionCode}\" is not a scored line of the rubric."));
            return problems;
        }

        if (score.Points < 0 || score.Points > criterion.MaxPoints)
        {
            problems.Add(new("points", $"Tiêu chí {criterion.Code}: điểm {score.Points} phải từ 0 đến {criterion.MaxPoints}.",
                $"Criterion {criterion.Code}: score {score.Points} must be from 0 to {criterion.MaxPoints}."));
        }

        // Confirming the self-score is always allowed, even when a percentage answer gave it more decimals.
        if (score.Points != selfScore && score.Points.Scale > rubric.ScoreDecimals && decimal.Round(score.Points, rubric.ScoreDecimals) != score.Points)
        {
            problems.Add(new("points", $"Tiêu chí {criterion.Code}: điểm chỉ được có tối đa {rubric.ScoreDecimals} chữ số thập phân.",
                $"Criterion {criterion.Code}: scores allow at most {rubric.ScoreDecimals} decimals."));
        }

        if (score.Points != selfScore && string.IsNullOrWhiteSpace(score.Reason))
        {
            problems.Add(new("reason", $"Tiêu chí {criterion.Code}: điểm thẩm định khác điểm tự chấm, cần ghi lý do điều chỉnh.",
                $"Criterion {criterion.Code}: the appraised score differs from the self-score, so a reason is required."));
        }

        if (string.IsNullOrWhiteSpace(score.Appraiser))
        {
            problems.Add(new("appraiser", "Thiếu người thẩm định.", "The appraiser is missing."));
        }

        return problems;
    }
}
