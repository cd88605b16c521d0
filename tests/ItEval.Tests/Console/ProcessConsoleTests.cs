using System.Net;
using ItEval.Accounts;
using ItEval.Cycle.Process;
using ItEval.Tests.UnitPage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

/// <summary>
/// The admin manages the cycle's orchestration from the console as a Durable Functions user would: its
/// runtime and custom status in words, its history, a restart, and a purge refused while the cycle runs.
/// </summary>
public sealed class ProcessConsoleTests
{
    [Fact]
    public async Task The_admin_sees_the_process_in_words_reads_its_history_and_restarts_it()
    {
        await using var host = await UnitPageHost.StartAsync(units: 2);
        var processes = host.App.Services.GetRequiredService<CycleProcessClient>();
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        var path = $"/console/cycles/{UnitPageHost.CycleId}";

        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync(path));
        Assert.Contains("Tiến trình tự động", dashboard, StringComparison.Ordinal);
        Assert.Contains("data-runtime-status=\"Running\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("Chờ các đơn vị nộp phiếu tự đánh giá", dashboard, StringComparison.Ordinal);
        Assert.Contains("không có việc đang chạy", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain(">waiting<", dashboard, StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(path + "/process"));
        Assert.Contains("cycle:" + UnitPageHost.CycleId, page, StringComparison.Ordinal);
        Assert.Contains(CycleOrchestration.Look, page, StringComparison.Ordinal);   // the current generation's history: it looked at the record
        Assert.DoesNotContain("Xóa lịch sử tiến trình</button>", page, StringComparison.Ordinal);   // no purge while the cycle runs

        var before = await processes.GetAsync(UnitPageHost.CycleId, CancellationToken.None);
        var restarted = await admin.PostFormAsync(path + "/process", null,
            new() { ["Action"] = "process-restart", ["Reason"] = "kiểm tra", ["Confirm"] = "yes", ["Return"] = path + "/process" }, path + "/act");
        Assert.Equal(path + "/process", restarted.Headers.Location!.ToPath());
        var after = await processes.GetAsync(UnitPageHost.CycleId, CancellationToken.None);
        Assert.NotNull(after);
        Assert.True(after.CreatedAt > before!.CreatedAt, $"restarted at {after.CreatedAt}, first started at {before.CreatedAt}");
        Assert.Contains("Đã thực hiện", WebUtility.HtmlDecode(await admin.GetStringAsync(path + "/process")), StringComparison.Ordinal);
        await host.SettleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await processes.GetAsync(UnitPageHost.CycleId, CancellationToken.None))!.RuntimeStatus);

        var purge = await admin.PostFormAsync(path + "/process", null,
            new() { ["Action"] = "process-purge", ["Reason"] = "dọn", ["Confirm"] = "yes", ["Return"] = path + "/process" }, path + "/act");
        Assert.Contains("không cho phép", WebUtility.HtmlDecode(await admin.GetStringAsync(purge.Headers.Location!.ToPath())), StringComparison.Ordinal);
        Assert.NotNull(await processes.GetAsync(UnitPageHost.CycleId, CancellationToken.None));
    }

    /// <summary>Issue 24: a published cycle's next timer is named in Vietnamese, not by its internal purpose.</summary>
    [Fact]
    public async Task A_published_cycles_dashboard_names_the_end_of_complaints_in_vietnamese()
    {
        await using var host = await UnitPageHost.StartAsync(units: 2);
        await host.SubmitAsync("u0001", "u0002");
        await host.PublishAsync();
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));

        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync($"/console/cycles/{UnitPageHost.CycleId}"));

        Assert.Contains("Hết hạn nhận kiến nghị", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("complaints close", dashboard, StringComparison.Ordinal);
    }
}
