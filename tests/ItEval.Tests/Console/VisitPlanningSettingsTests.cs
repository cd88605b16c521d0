using System.Net;
using System.Net.Http.Json;
using ItEval.Accounts;
using ItEval.Tests.UnitPage;
using ItEval.Web.Console;

namespace ItEval.Tests.Console;

/// <summary>
/// Issue 24: far districts, neighbour groups and make-up days are set in the wizard, and changed on the
/// visit plan page (or the API) until the plan is made; the plan keeps each team's day among neighbours.
/// </summary>
public sealed class VisitPlanningSettingsTests
{
    private const string Id = UnitPageHost.CycleId;
    private static readonly string Path = $"/console/cycles/{Id}/visits";
    private static readonly string Act = $"/console/cycles/{Id}/act";

    [Fact]
    public async Task Neighbour_groups_saved_on_the_visit_page_shape_the_plan_and_lock_once_it_is_made()
    {
        // Units u0001…u0008 are in d1, d2, d3, d4, d0, d1, d2, d3: without groups the first day takes d1 and whatever is largest next.
        await using var host = await UnitPageHost.StartAsync(units: 8);
        await host.SubmitAsync([.. Enumerable.Range(1, 8).Select(i => $"u{i:D4}")]);
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));

        var unknown = await admin.PostFormAsync(Path, null, new() { ["Action"] = "visit-planning", ["NeighbourGroups"] = "d1, Phan Thiet", ["Confirm"] = "yes", ["Return"] = Path }, Act);
        Assert.Contains("Không có đơn vị nào thuộc địa bàn \"Phan Thiet\"", ConsoleClient.Said(unknown), StringComparison.Ordinal);
        var badLine = await admin.PostFormAsync(Path, null, new() { ["Action"] = "visit-planning", ["FarDistricts"] = "d0 xa lắm", ["Confirm"] = "yes", ["Return"] = Path }, Act);
        Assert.Contains("Địa bàn xa, dòng 1", ConsoleClient.Said(badLine), StringComparison.Ordinal);

        // A two-column table pasted from a spreadsheet: group, district.
        var saved = await admin.PostFormAsync(Path, null, new()
        {
            ["Action"] = "visit-planning", ["NeighbourGroups"] = "Nhóm\tĐịa bàn\nBắc\td1\nBắc\td2\nNam\td3\nNam\td4", ["ExtraWorkingDays"] = "26/12/2026",
            ["Confirm"] = "yes", ["Return"] = Path,
        }, Act);
        Assert.Contains("Đã lưu", ConsoleClient.Said(saved), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(Path));
        Assert.Contains("d1, d2\nd3, d4", page, StringComparison.Ordinal);
        Assert.Contains("26/12/2026", page, StringComparison.Ordinal);

        await host.PublishAsync(appraise: false);
        var days = await host.Query(s => s.Visited.GroupBy(u => (u.Visit!.Day, u.Visit.TeamId)).Select(g => g.Select(u => u.Info.District).Distinct().Order().ToList()).ToList());
        Assert.All(days, day => Assert.True(day.Count == 1 || day.All(d => d is "d1" or "d2") || day.All(d => d is "d3" or "d4"), string.Join(",", day)));
        Assert.Contains(days, day => day.Contains("d1") && day.Contains("d2"));

        // Two weeks later the session has expired: sign in again.
        admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt2", await ConsoleClient.AccountAsync(host.App, "cntt2", Roles.Admin));

        var planned = WebUtility.HtmlDecode(await admin.GetStringAsync(Path));
        Assert.Contains("Ngày đi các địa bàn không lân cận", planned, StringComparison.Ordinal);
        Assert.Contains("Lịch thẩm định đã lập: các thông tin này không đổi được nữa", planned, StringComparison.Ordinal);
        using var late = await host.Admin().PutAsJsonAsync($"/api/cycles/{Id}/visit-planning", new { neighbourGroups = new[] { new[] { "d0", "d1" } } });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("Lịch thẩm định đã lập", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{Id}/history"));
        Assert.Contains("đặt địa bàn cho lịch thẩm định: 0 địa bàn xa, 2 nhóm lân cận, 1 ngày làm bù", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_sets_far_districts_and_groups_before_the_plan_and_refuses_a_group_of_one()
    {
        await using var host = await UnitPageHost.StartAsync(units: 5);
        using var admin = host.Admin();
        using var lonely = await admin.PutAsJsonAsync($"/api/cycles/{Id}/visit-planning", new { neighbourGroups = new[] { new[] { "d1" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lonely.StatusCode);

        using var set = await admin.PutAsJsonAsync($"/api/cycles/{Id}/visit-planning",
            new { farDistricts = new Dictionary<string, string> { ["d0"] = "FullDay" }, neighbourGroups = new[] { new[] { "d1", "d2" } }, reason = "Huyện đảo" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var cycle = await host.Query(s => s.Definition!);
        Assert.Equal(ItEval.Scheduling.TripLength.FullDay, cycle.FarDistricts!["d0"]);
        Assert.Equal(["d1", "d2"], Assert.Single(cycle.NeighbourGroups!));

        // Typed in another case, decomposed (NFD) or with a zero-width space: stored as the roster writes it, so the planner honours it.
        using var respelled = await admin.PutAsJsonAsync($"/api/cycles/{Id}/visit-planning",
            new { farDistricts = new Dictionary<string, string> { ["D0"] = "HalfDay" }, neighbourGroups = new[] { new[] { " d1\u200B", "D2" } } });
        Assert.Equal(HttpStatusCode.OK, respelled.StatusCode);
        cycle = await host.Query(s => s.Definition!);
        Assert.Equal(ItEval.Scheduling.TripLength.HalfDay, Assert.Single(cycle.FarDistricts!, f => f.Key == "d0").Value);
        Assert.Equal(["d1", "d2"], Assert.Single(cycle.NeighbourGroups!));

        // Suspended before the plan: still changeable; the plan-made refusal is only for a made plan.
        await host.Engine.HandleAsync(Id, new ItEval.Cycle.SuspendCycle("Chờ") { By = "admin" }, CancellationToken.None);
        using var suspended = await admin.PutAsJsonAsync($"/api/cycles/{Id}/visit-planning", new { neighbourGroups = new[] { new[] { "d3", "d4" } } });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
    }

    [Fact]
    public void The_wizard_reads_far_districts_neighbour_groups_and_make_up_days_into_the_cycle()
    {
        var draft = CycleDraft.Start(new DateOnly(2026, 12, 1), new CycleDefaults([], [], []));
        draft.RosterCsv = "code,name,rankingGroup,district,emails\nSO1,Sở A,so,Phan Thiết,a@tinh.gov.vn\nH1,UBND xã Phú Quý,huyen,Phú Quý,b@tinh.gov.vn\nH2,UBND xã Tuy Phong,huyen,Tuy Phong,c@tinh.gov.vn\nH3,UBND xã Bắc Bình,huyen,Bắc Bình,d@tinh.gov.vn";
        draft.FarDistricts = "Phú Quý: cả ngày";
        draft.NeighbourGroups = "Tuy Phong, Bắc Bình";
        draft.ExtraWorkingDays = "09/01/2027";
        var (request, problems) = draft.ToRequest();
        Assert.Empty(problems);
        var (definition, invalid) = request!.ToDefinition(new ItEval.Forms.FormOptions());
        Assert.Empty(invalid);
        Assert.Equal(ItEval.Scheduling.TripLength.FullDay, definition!.FarDistricts!["Phú Quý"]);
        Assert.Equal(["Tuy Phong", "Bắc Bình"], Assert.Single(definition.NeighbourGroups!));
        Assert.Equal([new DateOnly(2027, 1, 9)], definition.ExtraWorkingDays);

        draft.NeighbourGroups = "Tuy Phong";
        Assert.Contains(draft.ToRequest().Problems, p => p.Contains("Nhóm lân cận, dòng 1", StringComparison.Ordinal));
    }
}
