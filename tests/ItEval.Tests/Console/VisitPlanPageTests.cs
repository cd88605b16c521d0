using System.Net;
using ItEval.Accounts;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

/// <summary>The IT office sees the visit plan with why it looks so, and moves a visit from the console.</summary>
public sealed class VisitPlanPageTests
{
    [Fact]
    public async Task The_admin_reads_the_plan_and_its_explanation_and_moves_a_visit_which_changes_that_visit_only()
    {
        await using var host = await UnitPageHost.StartAsync(units: 3);
        await host.SubmitAsync("u0001", "u0002", "u0003");

        await host.PublishAsync(appraise: false);
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        var before = await host.Query(s => s.Visited.ToDictionary(u => u.Info.Id, u => u.Visit!));
        var free = await host.App.Services.GetRequiredService<ItEval.Cycle.VisitPlanChanges>().FreeSlotsAsync(UnitPageHost.CycleId, "u0002", CancellationToken.None);
        var target = free![^1].Day;
        var path = $"/console/cycles/{UnitPageHost.CycleId}/visits";

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(path));
        var moved = await admin.PostFormAsync(path, null, new()
        {
            ["Action"] = "move-visit", ["UnitId"] = "u0002", ["Day"] = target.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Reason"] = "Đơn vị đề nghị qua điện thoại", ["Confirm"] = "yes", ["Return"] = path,
        }, $"/console/cycles/{UnitPageHost.CycleId}/act");
        var after = await host.Query(s => s.Visited.ToDictionary(u => u.Info.Id, u => u.Visit!));
        var shown = WebUtility.HtmlDecode(await admin.GetStringAsync(path));
        var history = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{UnitPageHost.CycleId}/history"));

        Assert.Contains("Dùng 1 ngày (ít nhất có thể: 1)", page, StringComparison.Ordinal);
        Assert.Contains("U0002 – ", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(target, after["u0002"].Day);
        Assert.Same(before["u0001"], after["u0001"]);
        Assert.Same(before["u0003"], after["u0003"]);
        Assert.Contains("Đã thực hiện", shown, StringComparison.Ordinal);
        Assert.Contains("Đơn vị đề nghị qua điện thoại", history, StringComparison.Ordinal);
    }
}
