using System.Text.Json;

namespace ItEval.Forms;

/// <summary>
/// Reads a self-assessment from JSON:
/// <c>{ "cycleId", "unitId", "rubricId", "rubricVersion", "answers": [ { "code", "answer", "explanation" } ] }</c>.
/// <c>answer</c> is a number, a string (Có/Không, a level code, "87,5") or true/false for yes/no.
/// </summary>
internal static class JsonFormReader
{
    public static FormReadResult Read(byte[] bytes, FormContext expected)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return FormReadResult.Rejected([Where.Line((int)(ex.LineNumber ?? 0) + 1).Problem("tệp JSON không hợp lệ", "the JSON is not valid")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return FormReadResult.Rejected([Where.Json("$").Problem("phải là một đối tượng JSON", "must be a JSON object")]);
            }

            string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var version = root.TryGetProperty("rubricVersion", out var v) && v.TryGetInt32(out var n) ? n : 0;
            var identity = Text("cycleId") != expected.CycleId ? FormRefusals.OtherCycle
                : Text("unitId") != expected.UnitId ? FormRefusals.OtherUnit
                : Text("rubricId") != expected.Rubric.Id || version != expected.Rubric.Version
                    ? FormRefusals.OtherRubric(Text("rubricId"), version, expected.Rubric.Version)
                : null;
            if (identity is not null)
            {
                return FormReadResult.Rejected([identity]);
            }

            if (!root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array)
            {
                return FormReadResult.Rejected([Where.Json("$.answers").Problem("thiếu danh sách answers", "the answers list is missing")]);
            }

            var keyed = answers.EnumerateArray().Select((item, i) => Answer(item, $"$.answers[{i}]")).ToList();
            return KeyedAnswers.Read(keyed, expected, missingAt: Where.Json("$.answers"));
        }
    }

    private static KeyedAnswer Answer(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new KeyedAnswer("", RawAnswer.Empty, "", Where.Json(path), Where.Json(path));
        }

        var code = item.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        var raw = !item.TryGetProperty("answer", out var a) ? RawAnswer.Empty : a.ValueKind switch
        {
            JsonValueKind.Number => new RawAnswer(a.GetDecimal(), null),
            JsonValueKind.String => new RawAnswer(null, a.GetString()),
            JsonValueKind.True => new RawAnswer(null, "Có"),
            JsonValueKind.False => new RawAnswer(null, "Không"),
            JsonValueKind.Null => RawAnswer.Empty,
            _ => new RawAnswer(null, a.GetRawText()),
        };
        var explanation = item.TryGetProperty("explanation", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        return new KeyedAnswer(code, raw, explanation, Where.Json($"{path}.answer"), Where.Json($"{path}.explanation"));
    }
}
