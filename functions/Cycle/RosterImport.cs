using System.Text;
using System.Text.RegularExpressions;
using ItEval.Forms;

namespace ItEval.Cycle;

/// <summary>
/// Imports the unit roster from CSV (UTF-8) or .xlsx (first sheet): a header row, then
/// <c>code, name, rankingGroup, district, emails</c> (emails separated by ';'). Every bad row is
/// reported with its line; the code becomes the unit id.
/// </summary>
public static partial class RosterImport
{
    public static (IReadOnlyList<UnitInfo> Units, IReadOnlyList<string> Problems) FromCsv(string csv) =>
        Rows(csv.TrimStart('\uFEFF').Split('\n').Select((line, i) => (Line: i + 1, Fields: (IReadOnlyList<string>)SplitCsv(line.TrimEnd('\r')))).Where(r => r.Fields.Any(f => f.Length > 0)).ToList());

    /// <summary>The first sheet of an .xlsx roster, after the same package checks as a unit's form (size unpacked, parts, macros).</summary>
    public static (IReadOnlyList<UnitInfo> Units, IReadOnlyList<string> Problems) FromXlsx(byte[] workbook, FormOptions limits)
    {
        var verdict = PackageInspector.Inspect(workbook, limits.MaxPackageEntries, limits.MaxUnpackedBytes);
        if (verdict != PackageVerdict.Ok)
        {
            return ([], [verdict switch
            {
                PackageVerdict.Macros => "rosterXlsx: tệp có chứa macro; hãy lưu dưới dạng .xlsx không có macro / the file contains macros; save it as .xlsx without macros",
                PackageVerdict.UnpackedTooLarge or PackageVerdict.TooManyEntries =>
                    $"rosterXlsx: tệp khi giải nén lớn hơn {limits.MaxUnpackedBytes / 1024 / 1024} MB hoặc có quá nhiều thành phần / the file unpacks to more than {limits.MaxUnpackedBytes / 1024 / 1024} MB or has too many parts",
                _ => "rosterXlsx: tệp Excel không đọc được / the Excel file cannot be read",
            }]);
        }

        using var cells = new XlsxCells(workbook);
        var sheet = cells.FirstSheetName is { } name ? cells.Sheet(name) : null;
        if (sheet is null)
        {
            return ([], ["Tệp không có trang tính nào. / The workbook has no sheet."]);
        }

        var rows = sheet.GroupBy(c => int.Parse(c.Key.AsSpan(c.Key.AsSpan().IndexOfAnyInRange('0', '9')), System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => (Line: g.Key, Fields: (IReadOnlyList<string>)[.. "ABCDE".Select(col => g.FirstOrDefault(c => c.Key == $"{col}{g.Key}").Value.Raw.Shown)]))
            .Where(r => r.Fields.Any(f => f.Length > 0))
            .ToList();
        return Rows(rows);
    }

    private static (IReadOnlyList<UnitInfo>, IReadOnlyList<string>) Rows(List<(int Line, IReadOnlyList<string> Fields)> rows)
    {
        var units = new List<UnitInfo>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, fields) in rows.Skip(1))
        {
            string Field(int i) => i < fields.Count ? fields[i].Trim() : "";
            var (code, name, group, district) = (Field(0), Field(1), Field(2), Field(3));
            var emails = Field(4).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rowProblems = new List<string>();
            if (!CodePattern().IsMatch(code))
            {
                rowProblems.Add($"mã đơn vị \"{code}\" không hợp lệ (chữ, số, - _ .) / unit code \"{code}\" is not valid (letters, digits, - _ .)");
            }
            else if (!seen.Add(code))
            {
                rowProblems.Add($"mã đơn vị \"{code}\" bị trùng / unit code \"{code}\" is repeated");
            }

            if (name.Length == 0)
            {
                rowProblems.Add("thiếu tên đơn vị / the unit name is missing");
            }

            if (group.Length == 0)
            {
                rowProblems.Add("thiếu khối xếp hạng / the ranking group is missing");
            }

            if (emails.Length == 0)
            {
                rowProblems.Add("thiếu email liên hệ / the contact email is missing");
            }

            foreach (var email in emails.Where(e => !ItEval.Email.EmailAddresses.IsValid(e)))
            {
                rowProblems.Add($"email \"{ItEval.Email.EmailAddresses.HeaderSafe(email)}\" không hợp lệ / email \"{ItEval.Email.EmailAddresses.HeaderSafe(email)}\" is not valid");
            }

            if (rowProblems.Count > 0)
            {
                problems.AddRange(rowProblems.Select(p => $"Dòng {line}: {p}"));
            }
            else
            {
                units.Add(new UnitInfo(code, code, name, group, district, emails));
            }
        }

        return (units, problems);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex CodePattern();
}
