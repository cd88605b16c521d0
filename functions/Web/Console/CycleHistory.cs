using System.Globalization;
using System.Text;
using ItEval.Cycle;

namespace ItEval.Web.Console;

/// <summary>The history of a cycle in words, filtered by unit, person and kind; as a page or as CSV.</summary>
public sealed class CycleHistory(CycleStore store, CycleEngine engine)
{
    /// <summary>Every line that matches, newest first; null when the cycle does not exist.</summary>
    public async Task<(IReadOnlyList<HistoryLine> Lines, IReadOnlyList<string> People, IReadOnlyList<string> Kinds, CycleDefinition Definition)?> ReadAsync(
        string cycleId, string? unitId, string? person, string? kind, string language, CancellationToken cancellationToken)
    {
        var definition = await engine.QueryAsync(cycleId, s => s.Definition, cancellationToken);
        if (definition is null)
        {
            return null;
        }

        var all = (await store.ReadAsync(cycleId, 0, cancellationToken)).Select(e => HistoryWords.Describe(e, definition, language)).ToList();
        var lines = all
            .Where(l => string.IsNullOrEmpty(unitId) || l.UnitIds.Contains(unitId))
            .Where(l => string.IsNullOrEmpty(person) || l.Who == person)
            .Where(l => string.IsNullOrEmpty(kind) || l.Kind == kind)
            .OrderByDescending(l => l.Sequence)
            .ToList();
        return (lines, [.. all.Select(l => l.Who).Distinct().Order(StringComparer.CurrentCulture)], [.. all.Select(l => l.Kind).Distinct().Order(StringComparer.Ordinal)], definition);
    }

    /// <summary>CSV (UTF-8 with BOM, so Excel opens Vietnamese right): sequence, local time, who, kind, what.</summary>
    public static byte[] Csv(IEnumerable<HistoryLine> lines, string timeZone, string language)
    {
        var calendar = new CycleCalendar(timeZone);
        var csv = new StringBuilder(language == "en" ? "sequence,time,who,kind,what\r\n" : "stt,thoi_gian,nguoi_thuc_hien,loai,noi_dung\r\n");
        foreach (var line in lines.OrderBy(l => l.Sequence))
        {
            csv.Append(line.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(calendar.Local(line.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(line.Who)).Append(',').Append(line.Kind).Append(',').Append(Field(line.Text)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>Quoted, and never read as a formula by a spreadsheet.</summary>
    private static string Field(string text) => $"\"{Forms.ExportText.Neutralize(text).Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
