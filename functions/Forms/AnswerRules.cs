using System.Globalization;
using System.Text;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Forms;

/// <summary>What a unit put in an answer cell: a number (from a numeric cell or JSON) or text.</summary>
public sealed record RawAnswer(decimal? Number, string? Text)
{
    public static readonly RawAnswer Empty = new(null, null);

    public bool IsEmpty => Number is null && string.IsNullOrWhiteSpace(Text);

    public string Shown => Number is { } n ? Numbers.En(n) : Text?.Trim() ?? "";
}

/// <summary>One scored criterion as read from any format, with where its answer and explanation were.</summary>
public sealed record LeafInput(Criterion Criterion, RawAnswer Answer, string Explanation, Where AnswerAt, Where ExplanationAt);

/// <summary>
/// The rules every answer meets, whatever the file format: the answer type's values, 0 to max,
/// the rubric's decimals, and an explanation where the criterion requires evidence and scores above 0.
/// </summary>
public static class AnswerRules
{
    private const int PercentDecimals = 2;

    public static SelfAssessment? Build(FormContext context, IReadOnlyList<LeafInput> inputs, List<FormProblem> problems)
    {
        var answers = new List<CriterionAnswer>();
        foreach (var input in inputs)
        {
            var points = Points(input.Criterion, context.Rubric.ScoreDecimals, input.Answer, input.AnswerAt, problems);
            var explanation = input.Explanation.Trim();
            if (points > 0 && input.Criterion.EvidenceRequired && explanation.Length == 0)
            {
                problems.Add(input.ExplanationAt.Problem(
                    $"cần giải trình hoặc tên tệp minh chứng cho tiêu chí {input.Criterion.Code}",
                    $"an explanation or evidence file name is required for criterion {input.Criterion.Code}"));
            }

            answers.Add(new CriterionAnswer(input.Criterion.Code, Canonical(input.Criterion, input.Answer), points ?? 0m, ExportText.Neutralize(explanation)));
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var self = answers.ToDictionary(a => a.Code, a => a.Points);
        var unit = new UnitAssessment(context.UnitId, "", true, self, new Dictionary<string, AppraisedScore>());
        var total = Scoring.Score(context.Rubric, unit, new ScoringSettings()).Total;
        return new SelfAssessment(context.FormId, context.CycleId, context.UnitId, context.Rubric.Id, context.Rubric.Version, answers, total);
    }

    /// <summary>
    /// The points an answer is worth, or null with the problem recorded. Each problem names the cell, and
    /// also the criterion and what the cell takes (a unit reads "Ô E14 …" beside the criterion's name, not a
    /// cell reference alone).
    /// </summary>
    public static decimal? Points(Criterion criterion, int decimals, RawAnswer raw, Where at, List<FormProblem> problems)
    {
        var before = problems.Count;
        var points = PointsOf(criterion, decimals, raw, at, problems);
        if (problems.Count > before && !raw.IsEmpty)
        {
            var (vi, en) = Allowed(criterion);
            var name = criterion.Name.Vi.Length > 80 ? criterion.Name.Vi[..77] + "…" : criterion.Name.Vi;
            var nameEn = criterion.Name.En.Length > 80 ? criterion.Name.En[..77] + "…" : criterion.Name.En;
            for (var i = before; i < problems.Count; i++)
            {
                problems[i] = problems[i] with
                {
                    Vi = $"{problems[i].Vi} (tiêu chí {criterion.Code} \"{name}\": {vi})",
                    En = $"{problems[i].En} (criterion {criterion.Code} \"{nameEn}\": {en})",
                };
            }
        }

        return points;
    }

    /// <summary>What a criterion's answer cell takes, in words.</summary>
    private static (string Vi, string En) Allowed(Criterion criterion) => criterion.Answer switch
    {
        YesNoAnswer => ($"nhập Có ({Numbers.Vi(criterion.MaxPoints)} điểm) hoặc Không (0 điểm)", $"enter Có ({Numbers.En(criterion.MaxPoints)} points) or Không (0 points)"),
        LevelAnswer level => ($"chọn một mức: {string.Join(", ", level.Levels.Select(l => l.Code))}", $"choose a level: {string.Join(", ", level.Levels.Select(l => l.Code))}"),
        PercentageAnswer => ("nhập tỷ lệ từ 0 đến 100%", "enter a percentage from 0 to 100%"),
        _ => ($"nhập điểm từ 0 đến {Numbers.Vi(criterion.MaxPoints)}", $"enter a score from 0 to {Numbers.En(criterion.MaxPoints)}"),
    };

    private static decimal? PointsOf(Criterion criterion, int decimals, RawAnswer raw, Where at, List<FormProblem> problems)
    {
        if (raw.IsEmpty)
        {
            problems.Add(at.Problem($"chưa nhập tự đánh giá cho tiêu chí {criterion.Code}", $"no self-assessment entered for criterion {criterion.Code}"));
            return null;
        }

        var max = criterion.MaxPoints;
        switch (criterion.Answer)
        {
            case YesNoAnswer:
                var yesNo = Normalize(raw.Text);
                if (yesNo is "có" or "yes")
                {
                    return max;
                }

                if (yesNo is "không" or "no")
                {
                    return 0m;
                }

                problems.Add(at.Problem($"\"{raw.Shown}\" không hợp lệ, hãy nhập Có hoặc Không", $"\"{raw.Shown}\" is not valid; enter Có (yes) or Không (no)"));
                return null;

            case LevelAnswer level:
                if (level.Find(Normalize(raw.Text ?? raw.Shown) ?? "") is { } found)
                {
                    return found.Points;
                }

                var codes = string.Join(", ", level.Levels.Select(l => l.Code));
                problems.Add(at.Problem($"mức \"{raw.Shown}\" không có; hãy chọn một trong {codes}", $"level \"{raw.Shown}\" does not exist; choose one of {codes}"));
                return null;

            case PercentageAnswer percentage:
                var percent = Number(raw, at, problems, "tỷ lệ", "percentage");
                if (percent is null)
                {
                    return null;
                }

                if (percent < 0 || percent > 100)
                {
                    problems.Add(at.Problem($"tỷ lệ {Numbers.Vi(percent.Value)}% phải từ 0 đến 100", $"percentage {Numbers.En(percent.Value)}% must be from 0 to 100"));
                    return null;
                }

                return TooManyDecimals(percent.Value, PercentDecimals, at, problems, "tỷ lệ", "percentage") ? null : percentage.ToPoints(percent.Value, max);

            default:
                var points = Number(raw, at, problems, "điểm", "score");
                if (points is null)
                {
                    return null;
                }

                if (points < 0)
                {
                    problems.Add(at.Problem($"điểm {Numbers.Vi(points.Value)} không được âm", $"score {Numbers.En(points.Value)} must not be negative"));
                    return null;
                }

                if (points > max)
                {
                    problems.Add(at.Problem($"điểm {Numbers.Vi(points.Value)} vượt quá điểm tối đa {Numbers.Vi(max)}", $"score {Numbers.En(points.Value)} exceeds the maximum {Numbers.En(max)}"));
                    return null;
                }

                return TooManyDecimals(points.Value, decimals, at, problems, "điểm", "score") ? null : points;
        }
    }

    /// <summary>
    /// The answer as it is kept and shown, the same whichever program wrote it: a number as a number
    /// ("87,5" typed as text and 87.5 in a numeric cell are both "87.5"), yes/no as Có/Không, a level
    /// as the rubric spells its code.
    /// </summary>
    private static string Canonical(Criterion criterion, RawAnswer raw) => raw.IsEmpty ? raw.Shown : criterion.Answer switch
    {
        YesNoAnswer => Normalize(raw.Text) is "có" or "yes" ? "Có" : Normalize(raw.Text) is "không" or "no" ? "Không" : raw.Shown,
        LevelAnswer level => level.Find(Normalize(raw.Text ?? raw.Shown) ?? "")?.Code ?? raw.Shown,
        _ => Number(raw, Where.File, [], "", "") is { } number ? Numbers.En(number) : raw.Shown,
    };

    private static decimal? Number(RawAnswer raw, Where at, List<FormProblem> problems, string vi, string en)
    {
        if (raw.Number is { } number)
        {
            return number;
        }

        // Typed as text: accept the Vietnamese decimal comma and a trailing % sign.
        var text = raw.Text!.Trim().TrimEnd('%').Trim();
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            text = text.Replace(',', '.');
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        problems.Add(at.Problem($"{vi} \"{raw.Shown}\" không phải là số", $"{en} \"{raw.Shown}\" is not a number"));
        return null;
    }

    private static bool TooManyDecimals(decimal value, int decimals, Where at, List<FormProblem> problems, string vi, string en)
    {
        if (decimal.Round(value, decimals) == value)
        {
            return false;
        }

        problems.Add(at.Problem($"{vi} {Numbers.Vi(value)} có quá {decimals} chữ số thập phân", $"{en} {Numbers.En(value)} has more than {decimals} decimals"));
        return true;
    }

    /// <summary>Trimmed, lower-case, composed (NFC): Vietnamese typed on some systems arrives decomposed.</summary>
    private static string? Normalize(string? text) => text?.Trim().Normalize(NormalizationForm.FormC).ToLower(CultureInfo.GetCultureInfo("vi-VN"));
}
