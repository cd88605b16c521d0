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

    /// <summary>Problems as "vi / en": sizes, and districts that are not in the roster (a typo would silently do nothing).</summary>
    public List<string> Problems(IReadOnlyList<UnitInfo> units)
    {
        var problems = new List<string>();
        void Add(string vi, string en) => problems.Add($"{vi} / {en}");
        var districts = units.Select(u => u.District.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = (FarDistricts?.Keys ?? []).Concat((NeighbourGroups ?? []).SelectMany(g => g)).ToList();
        if (FarDistricts?.Count > CycleDefinitionRules.MaxUnits || ExtraWorkingDays?.Count > CycleDefinitionRules.MaxHolidays || NeighbourGroups?.Count > MaxGroups
            || NeighbourGroups?.Any(g => g.Count is < 2 or > CycleDefinitionRules.MaxUnits) == true
            || named.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > CycleDefinitionRules.MaxNameLength))
        {
            Add($"Địa bàn xa, nhóm địa bàn lân cận (tối đa {MaxGroups} nhóm, mỗi nhóm từ 2 địa bàn) hoặc ngày làm bù (tối đa {CycleDefinitionRules.MaxHolidays}) không hợp lệ.",
                $"Far districts, neighbour groups (at most {MaxGroups}, each of 2 districts or more) or make-up days (at most {CycleDefinitionRules.MaxHolidays}) are not valid.");
            return problems;
        }

        var unknown = named.Where(n => !districts.Contains(n.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList();
        if (unknown.Count > 0)
        {
            Add($"Không có đơn vị nào thuộc địa bàn {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; hãy viết đúng như cột địa bàn của danh sách đơn vị.",
                $"No unit is in {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; write the names as the roster's district column does.");
        }

        return problems;
    }
}
