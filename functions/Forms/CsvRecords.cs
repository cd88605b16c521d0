using System.Text;

namespace ItEval.Forms;

/// <summary>One CSV record and the line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 records as spreadsheets write them: comma or semicolon (the first one outside quotes on the
/// first line decides, so a Vietnamese-locale export with ';' reads), quoted fields that may hold the
/// separator, doubled quotes and line breaks, CRLF or LF, an optional BOM.
/// </summary>
public static class CsvRecords
{
    public static IEnumerable<CsvRecord> Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
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
                yield return new CsvRecord(start, fields);
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
            yield return new CsvRecord(start, fields);
        }
    }
}
