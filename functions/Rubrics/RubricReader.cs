using System.Text.Json;

namespace ItEval.Rubrics;

/// <summary>
/// Reads a rubric from JSON and checks it, reporting every problem with its path rather than stopping at
/// the first (a deserializer would). The file format is documented in docs/rubrics.md.
/// </summary>
public sealed class RubricReader
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly List<RubricProblem> _problems = [];
    private readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);

    private RubricReader()
    {
    }

    /// <summary>The rubric, or <see cref="InvalidRubricException"/> listing every problem.</summary>
    public static Rubric Read(string json)
    {
        var (rubric, problems) = TryRead(json);
        return problems.Count == 0 ? rubric! : throw new InvalidRubricException(problems);
    }

    public static (Rubric? Rubric, IReadOnlyList<RubricProblem> Problems) TryRead(string json)
    {
        var reader = new RubricReader();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            return (null, [new RubricProblem($"line {ex.LineNumber + 1}", "Tệp không phải JSON hợp lệ.", "The file is not valid JSON.")]);
        }

        using (document)
        {
            var rubric = reader.ReadRubric(document.RootElement);
            return reader._problems.Count == 0 ? (rubric, []) : (null, reader._problems);
        }
    }

    private Rubric ReadRubric(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Problem("$", "Bộ tiêu chí phải là một đối tượng JSON.", "The rubric must be a JSON object.");
            return new Rubric("", 0, new Bilingual("", ""), 0, []);
        }

        var id = Text(root, "$", "id");
        var version = WholeNumber(root, "$", "version", minimum: 1, fallback: 1);
        var name = Names(root, "$", "name");
        var decimals = WholeNumber(root, "$", "scoreDecimals", minimum: 0, fallback: 2, maximum: 4, required: false);
        var groups = Items(root, "$", "groups").Select(g => ReadGroup(g.Element, g.Path)).ToList();
        return new Rubric(id, version, name, decimals, groups);
    }

    private CriteriaGroup ReadGroup(JsonElement group, string path)
    {
        var code = Code(group, path);
        var name = Names(group, path, "name");
        var max = Points(group, path, "maxPoints");
        var weight = group.TryGetProperty("weight", out _) ? Points(group, path, "weight") : 1m;
        if (weight <= 0 && group.TryGetProperty("weight", out _))
        {
            Problem($"{path}.weight", "Trọng số phải lớn hơn 0.", "The weight must be greater than 0.");
        }

        var criteria = Items(group, path, "criteria").Select(c => ReadCriterion(c.Element, c.Path)).ToList();
        CheckSum(path, max, criteria, "nhóm", "group");
        return new CriteriaGroup(code, name, max, weight, criteria);
    }

    private Criterion ReadCriterion(JsonElement criterion, string path)
    {
        var code = Code(criterion, path);
        var name = Names(criterion, path, "name");
        var max = Points(criterion, path, "maxPoints");
        var guidance = criterion.TryGetProperty("guidance", out _) ? Names(criterion, path, "guidance") : null;
        var evidence = criterion.TryGetProperty("evidenceRequired", out var e) && e.ValueKind == JsonValueKind.True;
        var subs = criterion.TryGetProperty("subCriteria", out _)
            ? Items(criterion, path, "subCriteria").Select(s => ReadCriterion(s.Element, s.Path)).ToList()
            : [];

        Answer? answer = null;
        if (subs.Count > 0)
        {
            CheckSum(path, max, subs, "tiêu chí", "criterion");
            if (criterion.TryGetProperty("answer", out _))
            {
                Problem($"{path}.answer", "Tiêu chí có tiêu chí thành phần không được chấm trực tiếp; bỏ \"answer\".",
                    "A criterion with sub-criteria is not scored itself; remove \"answer\".");
            }
        }
        else
        {
            answer = ReadAnswer(criterion, path, max);
        }

        return new Criterion(code, name, max, guidance, evidence, answer, subs);
    }

    private Answer? ReadAnswer(JsonElement criterion, string path, decimal max)
    {
        if (!criterion.TryGetProperty("answer", out var answer) || answer.ValueKind != JsonValueKind.Object)
        {
            Problem($"{path}.answer", "Thiếu cách chấm (answer).", "The answer type (answer) is missing.");
            return null;
        }

        path += ".answer";
        var type = answer.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "points":
                return new PointsAnswer();
            case "yesNo":
                return new YesNoAnswer();
            case "level":
                var levels = Items(answer, path, "levels").Select(l => new Level(
                    Code(l.Element, l.Path, unique: false), Names(l.Element, l.Path, "name"), Points(l.Element, l.Path, "points", max))).ToList();
                foreach (var duplicate in levels.GroupBy(l => l.Code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                {
                    Problem($"{path}.levels", $"Mức \"{duplicate.Key}\" bị trùng.", $"Level \"{duplicate.Key}\" is repeated.");
                }

                return new LevelAnswer(levels);
            case "percentage":
                return ReadPercentage(answer, path, max);
            default:
                Problem($"{path}.type", $"Cách chấm \"{type}\" không được hỗ trợ (points, yesNo, level, percentage).",
                    $"Unknown answer type \"{type}\" (expected points, yesNo, level or percentage).");
                return null;
        }
    }

    private PercentageAnswer? ReadPercentage(JsonElement answer, string path, decimal max)
    {
        var rule = answer.TryGetProperty("rule", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (rule == "linear")
        {
            return new PercentageAnswer(PercentageRule.Linear, []);
        }

        if (rule != "steps")
        {
            Problem($"{path}.rule", $"Quy tắc quy đổi \"{rule}\" không được hỗ trợ (linear, steps).",
                $"Unknown percentage rule \"{rule}\" (expected linear or steps).");
            return null;
        }

        var steps = Items(answer, path, "steps").Select(s =>
        {
            var minimum = Points(s.Element, s.Path, "minPercent", 100m);
            return new PercentageStep(minimum, Points(s.Element, s.Path, "points", max));
        }).ToList();
        if (steps.Select(s => s.MinPercent).Distinct().Count() != steps.Count)
        {
            Problem($"{path}.steps", "Các ngưỡng phần trăm bị trùng.", "Two steps have the same minimum percentage.");
        }

        return new PercentageAnswer(PercentageRule.Steps, [.. steps.OrderByDescending(s => s.MinPercent)]);
    }

    private void CheckSum(string path, decimal max, IReadOnlyList<Criterion> children, string vi, string en)
    {
        var sum = children.Sum(c => c.MaxPoints);
        if (children.Count > 0 && sum != max)
        {
            Problem($"{path}.maxPoints", $"Điểm tối đa của {vi} ({max}) khác tổng điểm tối đa các tiêu chí con ({sum}).",
                $"The {en}'s max points ({max}) differ from the sum of its criteria ({sum}).");
        }
    }

    private string Code(JsonElement element, string path, bool unique = true)
    {
        var code = Text(element, path, "code");
        if (unique && code.Length > 0 && !_codes.TryAdd(code, path))
        {
            Problem($"{path}.code", $"Mã \"{code}\" bị trùng với {_codes[code]}.", $"Code \"{code}\" is already used at {_codes[code]}.");
        }

        return code;
    }

    private Bilingual Names(JsonElement element, string path, string property)
    {
        if (!element.TryGetProperty(property, out var names) || names.ValueKind != JsonValueKind.Object)
        {
            Problem($"{path}.{property}", $"Thiếu \"{property}\" (vi và en).", $"\"{property}\" (vi and en) is missing.");
            return new Bilingual("", "");
        }

        return new Bilingual(Text(names, $"{path}.{property}", "vi"), Text(names, $"{path}.{property}", "en"));
    }

    private string Text(JsonElement element, string path, string property)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text)
        {
            return text;
        }

        Problem($"{path}.{property}", $"Thiếu \"{property}\".", $"\"{property}\" is missing or empty.");
        return "";
    }

    private decimal Points(JsonElement element, string path, string property, decimal? maximum = null)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var points))
        {
            Problem($"{path}.{property}", $"\"{property}\" phải là một số.", $"\"{property}\" must be a number.");
            return 0m;
        }

        if (points < 0)
        {
            Problem($"{path}.{property}", $"\"{property}\" không được âm ({points}).", $"\"{property}\" must not be negative ({points}).");
        }
        else if (points > maximum)
        {
            Problem($"{path}.{property}", $"\"{property}\" ({points}) vượt quá {maximum}.", $"\"{property}\" ({points}) exceeds {maximum}.");
        }

        return points;
    }

    private int WholeNumber(JsonElement element, string path, string property, int minimum, int fallback, int maximum = int.MaxValue, bool required = true)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            if (required)
            {
                Problem($"{path}.{property}", $"Thiếu \"{property}\".", $"\"{property}\" is missing.");
            }

            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= minimum && number <= maximum)
        {
            return number;
        }

        Problem($"{path}.{property}", $"\"{property}\" phải là số nguyên từ {minimum}{(maximum < int.MaxValue ? $" đến {maximum}" : " trở lên")}.",
            $"\"{property}\" must be a whole number from {minimum}{(maximum < int.MaxValue ? $" to {maximum}" : " up")}.");
        return fallback;
    }

    private IEnumerable<(JsonElement Element, string Path)> Items(JsonElement element, string path, string property)
    {
        if (!element.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            Problem($"{path}.{property}", $"\"{property}\" phải là danh sách có ít nhất một phần tử.", $"\"{property}\" must be a non-empty list.");
            return [];
        }

        var items = new List<(JsonElement, string)>();
        foreach (var (item, index) in array.EnumerateArray().Select((item, index) => (item, index)))
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                items.Add((item, $"{path}.{property}[{index}]"));
            }
            else
            {
                Problem($"{path}.{property}[{index}]", "Phần tử phải là một đối tượng JSON.", "The item must be a JSON object.");
            }
        }

        return items;
    }

    private void Problem(string path, string vi, string en) => _problems.Add(new RubricProblem(path, vi, en));
}
