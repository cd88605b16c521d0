using ItEval.Scheduling;

namespace ItEval.Cycle;

/// <summary>
/// What the visit planner reads besides the window: far districts (a half or whole day's trip), the
/// cycle's own make-up working days, and groups of neighbouring districts. Set when the cycle is
/// created and changeable until the plan is made (docs/visit-planning.md).
/// </summary>
public sealed record VisitPlanningSettings(
    IReadOnlyDictionary<string, TripLength>? FarDistricts = null,
    IReadOnlyList<DateOnly>? ExtraWorkingDays = null,
    IReadOnlyList<IReadOnlyList<string>>? NeighbourGroups = null)
{
    public const int MaxGroups = 500;

    public static VisitPlanningSettings Of(CycleDefinition cycle) => new(cycle.FarDistricts, cycle.ExtraWorkingDays, cycle.NeighbourGroups);

    /// <summary>Empty lists stored as absent, so a cycle without them reads as before.</summary>
    public VisitPlanningSettings Normalized() => new(
        FarDistricts is { Count: > 0 } ? FarDistricts : null,
        ExtraWorkingDays is { Count: > 0 } ? [.. ExtraWorkingDays.Distinct().Order()] : null,
        NeighbourGroups is { Count: > 0 } ? NeighbourGroups : null);

    /// <summary>
    /// The names as the roster writes them: a name typed in another case, pasted decomposed (NFD) or with
    /// invisible characters is the roster's district, so the planner (which compares exactly) honours it.
    /// </summary>
    public VisitPlanningSettings InRosterSpelling(IReadOnlyList<UnitInfo> units)
    {
        var spelling = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var district in units.Select(u => u.District).Distinct(StringComparer.Ordinal))
        {
            spelling.TryAdd(Key(district), district);
        }

        string Of(string name) => spelling.GetValueOrDefault(Key(name), name.Trim());
        return new VisitPlanningSettings(
            FarDistricts?.GroupBy(f => Of(f.Key), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            ExtraWorkingDays,
            NeighbourGroups?.Select(g => (IReadOnlyList<string>)[.. g.Select(Of).Distinct(StringComparer.Ordinal)]).ToList());
    }

    /// <summary>How two spellings of one name compare: composed (NFC), without control or zero-width characters, trimmed, case-folded.</summary>
    public static string Key(string name) =>
        new string([.. (name ?? "").Normalize(System.Text.NormalizationForm.FormC).Where(c => !char.IsControl(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\uFEFF'))])
            .Trim().ToUpperInvariant();

    /// <summary>Problems as "vi / en": sizes, and districts that are not in the roster (a typo would silently do nothing).</summary>
    public List<string> Problems(IReadOnlyList<UnitInfo> units)
    {
        var problems = new List<string>();
        void Add(string vi, string en) => problems.Add($"{vi} / {en}");
        var districts = units.Select(u => Key(u.District)).ToHashSet(StringComparer.Ordinal);
        var named = (FarDistricts?.Keys ?? []).Concat((NeighbourGroups ?? []).SelectMany(g => g)).ToList();
        if (FarDistricts?.Count > CycleDefinitionRules.MaxUnits || ExtraWorkingDays?.Count > CycleDefinitionRules.MaxHolidays || NeighbourGroups?.Count > MaxGroups
            || NeighbourGroups?.Any(g => g.Count is < 2 or > CycleDefinitionRules.MaxUnits) == true
            || named.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > CycleDefinitionRules.MaxNameLength))
        {
            Add($"Địa bàn xa, nhóm địa bàn lân cận (tối đa {MaxGroups} nhóm, mỗi nhóm từ 2 địa bàn) hoặc ngày làm bù (tối đa {CycleDefinitionRules.MaxHolidays}) không hợp lệ.",
                $"Far districts, neighbour groups (at most {MaxGroups}, each of 2 districts or more) or make-up days (at most {CycleDefinitionRules.MaxHolidays}) are not valid.");
            return problems;
        }

        var unknown = named.Where(n => !districts.Contains(Key(n))).Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList();
        if (unknown.Count > 0)
        {
            Add($"Không có đơn vị nào thuộc địa bàn {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; hãy viết đúng như cột địa bàn của danh sách đơn vị.",
                $"No unit is in {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; write the names as the roster's district column does.");
        }

        return problems;
    }
}
