using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ItEval.Email;
using ItEval.Forms;

namespace ItEval.Cycle;

/// <summary>A roster as read: its units, the display name of each ranking group that has one, and every problem by line.</summary>
public sealed record Roster(IReadOnlyList<UnitInfo> Units, IReadOnlyDictionary<string, string> GroupNames, IReadOnlyList<string> Problems);

/// <summary>
/// Imports the unit roster from CSV (UTF-8, comma or semicolon) or .xlsx (first sheet). The first row is
/// a header when it names columns (Vietnamese or English, any order, see docs/cycle.md); without one,
/// every row is a unit in the order <c>code, name, rankingGroup, district, emails</c> (then optional
/// <c>language</c>, <c>rankingGroupName</c>, <c>address</c>, <c>contact</c>), so no unit is lost either way. An unknown or missing
/// column and every bad row are reported with their line; the code becomes the unit id.
/// </summary>
public static partial class RosterImport
{
    public enum Column
    {
        Code,
        Name,
        RankingGroup,
        District,
        Emails,
        Language,
        RankingGroupName,
        Address,
        Contact,
        Phone,
    }

    /// <summary>Column names as people write them, compared without diacritics, case, spaces or punctuation.</summary>
    private static readonly Dictionary<string, Column> Names = new(StringComparer.Ordinal)
    {
        ["code"] = Column.Code, ["unitcode"] = Column.Code, ["ma"] = Column.Code, ["madonvi"] = Column.Code,
        ["name"] = Column.Name, ["unitname"] = Column.Name, ["ten"] = Column.Name, ["tendonvi"] = Column.Name,
        ["rankinggroup"] = Column.RankingGroup, ["group"] = Column.RankingGroup, ["khoi"] = Column.RankingGroup, ["khoixephang"] = Column.RankingGroup, ["makhoi"] = Column.RankingGroup,
        // Since 1 July 2025 local government has two levels (province, commune): the column that places a unit
        // for the visit planner is its commune or ward; rosters of the old shape (district) still read the same.
        ["district"] = Column.District, ["huyen"] = Column.District, ["diaban"] = Column.District, ["quanhuyen"] = Column.District,
        ["xa"] = Column.District, ["xaphuong"] = Column.District, ["phuongxa"] = Column.District, ["xaphuongdackhu"] = Column.District,
        ["commune"] = Column.District, ["area"] = Column.District, ["khuvuc"] = Column.District,
        ["emails"] = Column.Emails, ["email"] = Column.Emails, ["thu"] = Column.Emails, ["diachithu"] = Column.Emails, ["thudientu"] = Column.Emails,
        ["language"] = Column.Language, ["lang"] = Column.Language, ["ngonngu"] = Column.Language,
        ["rankinggroupname"] = Column.RankingGroupName, ["groupname"] = Column.RankingGroupName, ["tenkhoi"] = Column.RankingGroupName, ["tenkhoixephang"] = Column.RankingGroupName,
        ["address"] = Column.Address, ["diachi"] = Column.Address, ["diachilamviec"] = Column.Address,
        ["contact"] = Column.Contact, ["nguoilienhe"] = Column.Contact, ["lienhe"] = Column.Contact,
        ["phone"] = Column.Phone, ["telephone"] = Column.Phone, ["tel"] = Column.Phone, ["dienthoai"] = Column.Phone, ["sodienthoai"] = Column.Phone, ["sdt"] = Column.Phone,
    };

    private static readonly Column[] Required = [Column.Code, Column.Name, Column.RankingGroup, Column.Emails];

    /// <summary>The order of the columns when the roster has no header row.</summary>
    private static readonly Column[] Positional = [Column.Code, Column.Name, Column.RankingGroup, Column.District, Column.Emails, Column.Language, Column.RankingGroupName, Column.Address, Column.Contact, Column.Phone];

    public static Roster FromCsv(string csv) =>
        Rows([.. CsvRecords.Parse(csv).Where(r => r.Fields.Any(f => f.Trim().Length > 0)).Select(r => (r.Line, r.Fields))]);

    /// <summary>The first sheet of an .xlsx roster, after the same package checks as a unit's form (size unpacked, parts, macros).</summary>
    public static Roster FromXlsx(byte[] workbook, FormOptions limits)
    {
        var verdict = PackageInspector.Inspect(workbook, limits.MaxPackageEntries, limits.MaxUnpackedBytes);
        if (verdict != PackageVerdict.Ok)
        {
            return Refused(verdict switch
            {
                PackageVerdict.Macros => "rosterXlsx: tệp có chứa macro; hãy lưu dưới dạng .xlsx không có macro / the file contains macros; save it as .xlsx without macros",
                PackageVerdict.UnpackedTooLarge or PackageVerdict.TooManyEntries =>
                    $"rosterXlsx: tệp khi giải nén lớn hơn {limits.MaxUnpackedBytes / 1024 / 1024} MB hoặc có quá nhiều thành phần / the file unpacks to more than {limits.MaxUnpackedBytes / 1024 / 1024} MB or has too many parts",
                _ => "rosterXlsx: tệp Excel không đọc được / the Excel file cannot be read",
            });
        }

        using var cells = new XlsxCells(workbook);
        var sheet = cells.FirstSheetName is { } name ? cells.Sheet(name) : null;
        if (sheet is null)
        {
            return Refused("Tệp không có trang tính nào. / The workbook has no sheet.");
        }

        var rows = sheet.GroupBy(c => int.Parse(c.Key.AsSpan(c.Key.AsSpan().IndexOfAnyInRange('0', '9')), CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => (Line: g.Key, Fields: (IReadOnlyList<string>)[.. Enumerable.Range(0, Positional.Length).Select(i => g.FirstOrDefault(c => c.Key == $"{(char)('A' + i)}{g.Key}").Value.Raw.Shown)]))
            .Where(r => r.Fields.Any(f => f.Length > 0))
            .ToList();
        return Rows(rows);
    }

    private static Roster Refused(string problem) => new([], new Dictionary<string, string>(), [problem]);

    private static Roster Rows(List<(int Line, IReadOnlyList<string> Fields)> rows)
    {
        if (rows.Count == 0)
        {
            return Refused("Danh sách đơn vị trống. / The roster is empty.");
        }

        var (columns, headerProblems) = Header(rows[0]);
        if (headerProblems.Count > 0)
        {
            return new Roster([], new Dictionary<string, string>(), headerProblems);
        }

        var units = new List<UnitInfo>();
        var groupNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, fields) in columns is null ? rows : rows.Skip(1))
        {
            string Field(Column column)
            {
                var index = Array.IndexOf(columns ?? Positional, column);
                return index >= 0 && index < fields.Count ? fields[index].Trim() : "";
            }

            var (code, name, group, district, language, groupName) =
                (Field(Column.Code), Field(Column.Name), Field(Column.RankingGroup), Field(Column.District), Field(Column.Language).ToLowerInvariant(), Field(Column.RankingGroupName));
            var emails = Field(Column.Emails).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
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
            else if (emails.Length > CycleDefinitionRules.MaxEmailsPerUnit)
            {
                rowProblems.Add($"tối đa {CycleDefinitionRules.MaxEmailsPerUnit} email / at most {CycleDefinitionRules.MaxEmailsPerUnit} emails");
            }

            foreach (var email in emails.Where(e => !EmailAddresses.IsValid(e)).Select(EmailAddresses.HeaderSafe))
            {
                rowProblems.Add($"email \"{email}\" không hợp lệ / email \"{email}\" is not valid");
            }

            if (language is not ("" or "vi" or "en"))
            {
                rowProblems.Add($"ngôn ngữ \"{language}\" không hợp lệ (vi hoặc en) / language \"{language}\" is not valid (vi or en)");
            }

            if (groupName.Length > 0 && group.Length > 0 && !groupNames.TryAdd(group, groupName) && groupNames[group] != groupName)
            {
                rowProblems.Add($"khối \"{group}\" đã có tên \"{groupNames[group]}\", không thể là \"{groupName}\" / ranking group \"{group}\" is already named \"{groupNames[group]}\", not \"{groupName}\"");
            }

            var phone = Field(Column.Phone);
            if (phone.Length > 0 && !UnitInfo.IsPhone(phone))
            {
                rowProblems.Add($"số điện thoại \"{phone}\" không hợp lệ (chữ số, dấu cách, + - . ( )) / phone \"{phone}\" is not valid (digits, spaces, + - . ( ))");
            }

            if (rowProblems.Count > 0)
            {
                problems.AddRange(rowProblems.Select(p => $"Dòng {line}: {p}"));
            }
            else
            {
                units.Add(new UnitInfo(code, code, name, group, district, emails, language.Length > 0 ? language : null,
                    Field(Column.Address) is { Length: > 0 } address ? address : null, Field(Column.Contact) is { Length: > 0 } contact ? contact : null,
                    phone.Length > 0 ? phone : null));
            }
        }

        return new Roster(units, groupNames, problems);
    }

    /// <summary>
    /// The columns named by the first row, or null when it is not a header (no cell names a column).
    /// A header with an unknown, repeated or missing column is refused: guessing would put data in the
    /// wrong place.
    /// </summary>
    private static (Column[]? Columns, List<string> Problems) Header((int Line, IReadOnlyList<string> Fields) first)
    {
        var cells = first.Fields.Select(f => f.Trim()).ToList();
        while (cells.Count > 0 && cells[^1].Length == 0)
        {
            cells.RemoveAt(cells.Count - 1);
        }

        if (!cells.Any(c => Names.ContainsKey(Key(c))))
        {
            return (null, []);
        }

        var problems = new List<string>();
        var columns = new Column[cells.Count];
        var known = string.Join(", ", Enum.GetNames<Column>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
        for (var i = 0; i < cells.Count; i++)
        {
            if (!Names.TryGetValue(Key(cells[i]), out columns[i]))
            {
                problems.Add($"Dòng {first.Line}: cột \"{cells[i]}\" không rõ; các cột được dùng: {known} / column \"{cells[i]}\" is unknown; the columns are: {known}");
            }
            else if (Array.IndexOf(columns, columns[i]) < i)
            {
                problems.Add($"Dòng {first.Line}: cột \"{cells[i]}\" bị lặp / column \"{cells[i]}\" is repeated");
            }
        }

        problems.AddRange(Required.Where(r => !cells.Any(c => Names.TryGetValue(Key(c), out var k) && k == r))
            .Select(r => $"Dòng {first.Line}: thiếu cột {char.ToLowerInvariant(r.ToString()[0])}{r.ToString()[1..]} / the column {char.ToLowerInvariant(r.ToString()[0])}{r.ToString()[1..]} is missing"));
        return (columns, problems);
    }

    /// <summary>"Mã đơn vị" → "madonvi", "Ranking group" → "rankinggroup".</summary>
    private static string Key(string name)
    {
        var key = new StringBuilder();
        foreach (var c in name.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex CodePattern();
}
