using ItEval.Cycle;
using ItEval.Scheduling;

namespace ItEval.Tests.Scheduling;

/// <summary>Neighbouring districts: a team's day stays within one district or one neighbour group, and a day that cannot is explained.</summary>
public sealed class DistrictGeographyTests
{
    private static readonly MatchingVisitPlanner Planner = new();

    // Bình Thuận's south (La Gi, Hàm Tân) and north (Tuy Phong, Bắc Bình) are a day's drive apart.
    private static readonly IReadOnlyList<IReadOnlyList<string>> Groups = [["La Gi", "Hàm Tân"], ["Tuy Phong", "Bắc Bình"]];

    private static List<UnitInfo> Units(params (string District, int Count)[] districts)
    {
        var i = 0;
        return [.. districts.SelectMany(d => Enumerable.Range(0, d.Count).Select(_ => PlanningKit.Unit(++i, d.District)))];
    }

    private static VisitRequest Request(List<UnitInfo> units, int days, IReadOnlyList<IReadOnlyList<string>>? groups) =>
        new(units, PlanningKit.Monday, PlanningKit.Monday.AddDays(days - 1), 4, [], [PlanningKit.Member("m1", "T1"), PlanningKit.Member("m2", "T1")]) { NeighbourGroups = groups };

    private static List<List<string>> DistrictsByDay(VisitRequest request, IReadOnlyList<Visit> visits) =>
        [.. visits.GroupBy(v => v.Day).OrderBy(g => g.Key).Select(g => g.Select(v => request.Units.Single(u => u.Id == v.UnitId).District).Distinct().Order(StringComparer.Ordinal).ToList())];

    [Fact]
    public void A_teams_day_stays_within_neighbouring_districts_when_groups_are_given()
    {
        var units = Units(("La Gi", 3), ("Tuy Phong", 3), ("Hàm Tân", 1), ("Bắc Bình", 1));
        var without = Request(units, 5, null);
        var with = Request(units, 5, Groups);

        // Without groups the planner fills the first day with the largest district left, wherever it is.
        Assert.Contains(DistrictsByDay(without, Planner.Plan(without).Visits!), day => day.Contains("La Gi") && day.Contains("Tuy Phong"));

        var plan = Planner.Plan(with);
        var days = DistrictsByDay(with, plan.Visits!);
        Assert.Equal([["Hàm Tân", "La Gi"], ["Bắc Bình", "Tuy Phong"]], days);
        Assert.Empty(plan.Explanation!.MixedDays);
        Assert.Empty(PlanningKit.Problems(with, plan.Visits!));
    }

    [Fact]
    public void A_day_that_must_mix_far_apart_districts_is_explained_with_the_units_that_bend_it()
    {
        // One working day of four visits for two districts that are not neighbours: the rule has to bend.
        var units = Units(("La Gi", 2), ("Tuy Phong", 2));
        var request = Request(units, 1, Groups);
        var plan = Planner.Plan(request);

        Assert.Equal(4, plan.Visits!.Count);
        var mixed = Assert.Single(plan.Explanation!.MixedDays);
        Assert.Equal(PlanningKit.Monday, mixed.Day);
        Assert.Equal(["La Gi", "Tuy Phong"], mixed.Districts);
        Assert.Contains("U03, U04", mixed.ReasonVi, StringComparison.Ordinal);
        Assert.Contains("đã kín", mixed.ReasonVi, StringComparison.Ordinal);
        Assert.Contains("full", mixed.ReasonEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_busy_on_its_neighbours_day_is_visited_elsewhere_and_the_day_says_why()
    {
        // Two days; Tuy Phong's unit is busy on Monday, the day Bắc Bình is visited, so it lands on the south day.
        var units = Units(("La Gi", 3), ("Bắc Bình", 3), ("Tuy Phong", 1));
        var busy = new Dictionary<string, IReadOnlyCollection<DateOnly>> { ["u07"] = [PlanningKit.Monday] };
        var request = Request(units, 2, Groups) with { Blackouts = busy };
        var plan = Planner.Plan(request);

        Assert.Empty(PlanningKit.Problems(request, plan.Visits!));
        var mixed = Assert.Single(plan.Explanation!.MixedDays);
        Assert.Contains("U07", mixed.ReasonVi, StringComparison.Ordinal);
        Assert.Contains("báo bận", mixed.ReasonVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_a_visit_into_a_full_day_pushes_out_the_unit_that_does_not_belong_there_into_a_free_slot()
    {
        // Monday: Bắc Bình (placed beside Tuy Phong's neighbours for a reason) and Phan Thiết; Tuesday full; Wednesday has room.
        var units = new List<UnitInfo>
        {
            PlanningKit.Unit(1, "Bắc Bình"), PlanningKit.Unit(2, "Phan Thiết"), PlanningKit.Unit(3, "Phan Thiết"),
            PlanningKit.Unit(4, "Phan Thiết"), PlanningKit.Unit(5, "Tuy Phong"),
        };
        var request = new VisitRequest(units, PlanningKit.Monday, PlanningKit.Monday.AddDays(2), 2, [], [PlanningKit.Member("m1", "T1")])
        {
            NeighbourGroups = [["Tuy Phong", "Bắc Bình"]],
        };
        var monday = PlanningKit.Monday;
        List<Visit> plan =
        [
            new("u01", monday, 0, ["m1"], "T1"), new("u02", monday, 1, ["m1"], "T1"),
            new("u03", monday.AddDays(1), 0, ["m1"], "T1"), new("u04", monday.AddDays(1), 1, ["m1"], "T1"),
            new("u05", monday.AddDays(2), 0, ["m1"], "T1"),
        ];

        var change = VisitReplanner.Move(request, plan, "u05", monday, null);

        var changed = change.Changed!.ToDictionary(v => v.UnitId);
        Assert.Equal(monday, changed["u05"].Day);
        Assert.False(changed.ContainsKey("u01"), "Bắc Bình stays with Tuy Phong on Monday");
        Assert.Equal(monday.AddDays(2), changed["u02"].Day);
        Assert.Equal(2, changed.Count);
    }
}
