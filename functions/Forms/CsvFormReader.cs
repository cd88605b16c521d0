using System.Text;

namespace ItEval.Forms;

/// <summary>
/// Reads a self-assessment from CSV (UTF-8, comma or semicolon, quotes as in RFC 4180): a header
/// <c>code,answer,explanation</c> (or <c>ma,tu_danh_gia,giai_trinh</c>) and one line per scored
/// criterion, in any order. The upload link already says which unit and cycle it is for.
/// </summary>
internal static class CsvFormReader
{
    private static readonly string[][] Headers = [["code", "answer", "explanation"], ["ma", "tu_danh_gia", "giai_trinh"]];

    public static FormReadResult Read(byte[] bytes, FormContext expected)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return FormReadResult.Rejected([Where.File.Problem("tệp CSV phải được lưu với bảng mã UTF-8", "the CSV file must be saved as UTF-8")]);
        }

        var records = Parse(text).ToList();
        if (records.Count == 0 || !Headers.Any(h => h.SequenceEqual(records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).Take(3))) || records[0].Fields.Count < 3)
        {
            return FormReadResult.Rejected([Where.Line(1).Problem(
                "dòng tiêu đề phải là: code,answer,explanation (hoặc ma,tu_danh_gia,giai_trinh)",
                "the header must be: code,answer,explanation (or ma,tu_danh_gia,giai_trinh)")]);
        }

        var rows = records.Skip(1)
            .Where(r => r.Fields.Any(f => f.Length > 0))
            .Select(r => new KeyedAnswer(
                r.Fields[0].Trim(),
                new RawAnswer(null, r.Fields.ElementAtOrDefault(1)),
                r.Fields.ElementAtOrDefault(2) ?? "",
                Where.Line(r.Line),
                Where.Line(r.Line)))
            .ToList();
        return KeyedAnswers.Read(rows, expected, missingAt: Where.File);
    }

    private sealed record Record(int Line, List<string> Fields);

    /// <summary>RFC 4180 records; the separator is the first comma or semicolon outside quotes on the header line.</summary>
    private static IEnumerable<Record> Parse(string text)
    {
        var separator = text.TakeWhile(c => c is not '\n').FirstOrDefault(c => c is ',' or ';');
        separator = separator == default ? ',' : separator;
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                yield return new Record(start, fields);
                fields = [];
                field.Clear();
                start = ++line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString().TrimEnd('\r'));
            yield return new Record(start, fields);
        }
    }
}
