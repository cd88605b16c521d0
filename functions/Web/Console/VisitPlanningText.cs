using System.Globalization;
using ItEval.Cycle;
using ItEval.Scheduling;

namespace ItEval.Web.Console;

/// <summary>
/// The planning settings as an admin types or pastes them in the console: far districts one a line
/// ("Phú Quý: cả ngày"), make-up days as dates, and neighbour groups either one group a line
/// ("La Gi, Hàm Tân, Đức Linh") or a two-column table pasted from a spreadsheet or CSV (group, district).
/// </summary>
public static class VisitPlanningText
{
    private static readonly string[] FullDay = ["cả ngày", "ca ngay", "full", "full day", "fullday", "1"];
    private static readonly string[] HalfDay = ["nửa ngày", "nua ngay", "half", "half day", "halfday", "0.5", "0,5", "1/2"];
    private static readonly string[] TableHeaders = ["nhóm", "nhom", "group", "nhóm lân cận"];

    public static (VisitPlanningSettings? Settings, List<string> Problems) Parse(string? far, string? extraDays, string? neighbours)
    {
        var problems = new List<string>();
        var trips = new Dictionary<string, TripLength>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, number) in Lines(far))
        {
            var parts = line.Split([':', ';', '\t', ','], 2, StringSplitOptions.TrimEntries);
            var length = parts.Length == 2 ? parts[1].ToLowerInvariant() : "";
            if (parts[0].Length == 0 || !(FullDay.Contains(length) || HalfDay.Contains(length)))
            {
                problems.Add($"Địa bàn xa, dòng {number}: cần \"tên địa bàn: nửa ngày\" hoặc \"tên địa bàn: cả ngày\" / Far districts, line {number}: write \"district: half day\" or \"district: full day\"");
                continue;
            }

            trips[parts[0]] = FullDay.Contains(length) ? TripLength.FullDay : TripLength.HalfDay;
        }

        var days = new List<DateOnly>();
        foreach (var piece in (extraDays ?? "").Split(['\n', ',', ';', ' '], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (DateOnly.TryParseExact(piece, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
            else
            {
                var shown = piece.Length > 40 ? piece[..40] + "…" : piece;
                problems.Add($"Ngày làm bù: \"{shown}\" không phải ngày (dd/mm/yyyy) / Make-up days: \"{shown}\" is not a date");
            }
        }

        var groups = Groups(neighbours, problems);
        return problems.Count > 0 ? (null, problems) : (new VisitPlanningSettings(trips, days, groups).Normalized(), problems);
    }

    public static (string Far, string ExtraDays, string Neighbours) Format(VisitPlanningSettings settings) => (
        string.Join("\n", (settings.FarDistricts ?? new Dictionary<string, TripLength>()).Select(t => $"{t.Key}: {(t.Value == TripLength.FullDay ? "cả ngày" : "nửa ngày")}")),
        string.Join("\n", (settings.ExtraWorkingDays ?? []).Select(d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))),
        string.Join("\n", (settings.NeighbourGroups ?? []).Select(g => string.Join(", ", g))));

    /// <summary>A table (tab-separated, or CSV with a "Nhóm" header) gathers rows by group; plain lines are one group each.</summary>
    private static List<IReadOnlyList<string>> Groups(string? text, List<string> problems)
    {
        var lines = Lines(text).ToList();
        var table = lines.Count > 0 && (lines.Any(l => l.Line.Contains('\t')) || TableHeaders.Contains(lines[0].Line.Split(',')[0].Trim().ToLowerInvariant()));
        if (!table)
        {
            var groups = new List<IReadOnlyList<string>>();
            foreach (var (line, number) in lines)
            {
                var names = line.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (names.Count < 2)
                {
                    problems.Add($"Nhóm lân cận, dòng {number}: cần ít nhất hai địa bàn, cách nhau bằng dấu phẩy / Neighbour groups, line {number}: at least two districts, separated by commas");
                    continue;
                }

                groups.Add(names);
            }

            return groups;
        }

        var byGroup = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var (line, number) in lines)
        {
            var cells = line.Split(line.Contains('\t') ? '\t' : ',', StringSplitOptions.TrimEntries);
            if (cells.Length < 2 || cells[0].Length == 0 || cells[1].Length == 0)
            {
                problems.Add($"Nhóm lân cận, dòng {number}: cần hai cột: nhóm, địa bàn / Neighbour groups, line {number}: two columns are needed: group, district");
                continue;
            }

            if (number == 1 && TableHeaders.Contains(cells[0].ToLowerInvariant()))
            {
                continue;
            }

            if (!byGroup.TryGetValue(cells[0], out var members))
            {
                byGroup[cells[0]] = members = [];
                order.Add(cells[0]);
            }

            if (!members.Contains(cells[1], StringComparer.OrdinalIgnoreCase))
            {
                members.Add(cells[1]);
            }
        }

        foreach (var lonely in order.Where(g => byGroup[g].Count < 2))
        {
            problems.Add($"Nhóm lân cận \"{lonely}\": cần ít nhất hai địa bàn / Neighbour group \"{lonely}\": at least two districts are needed");
        }

        return [.. order.Select(g => (IReadOnlyList<string>)byGroup[g])];
    }

    private static IEnumerable<(string Line, int Number)> Lines(string? text) =>
        (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(l => l.Item1.Length > 0);
}
