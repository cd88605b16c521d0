using System.Net;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Testing;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ItEval.Engine;

namespace ItEval.Tests.Console;

/// <summary>An admin runs a cycle through the console's forms (no browser): every action lands in the history with their name.</summary>
public sealed class ConsoleFlowTests
{
    private const string Roster = "Mã đơn vị,Tên đơn vị,Khối,Tên khối,Huyện,Email\nSTTTT,Sở Thông tin và Truyền thông,so,\"Khối sở, ban, ngành\",tp,vp@stttt.gov.vn\nBAD,Đơn vị lỗi,so,,tp,khong-phai-email\nHU-A,Huyện ủy A,huyen,Khối huyện ủy,a,hu@a.gov.vn\n";

    private static Dictionary<string, string> Wizard(string roster, string step, string? reviewed = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "Đánh giá năm 2026", ["Form.Year"] = "2026", ["Form.Id"] = "danh-gia-2026", ["Form.RosterCsv"] = roster,
            ["Form.Rubric"] = "departments-districts", ["Form.Method"] = "Points", ["Form.Unappraised"] = "UseSelfScore", ["Form.NotSubmitted"] = "RankLastWithZero",
            ["Form.Deadline"] = "2026-12-15", ["Form.ReminderDays"] = "-7,-3,-1,1", ["Form.AppraisalStart"] = "2026-12-21", ["Form.AppraisalEnd"] = "2027-01-29",
            ["Form.VisitsPerDay"] = "4", ["Form.Holidays"] = "01/01/2027", ["Form.Team"] = "tv1; Nguyễn Văn An; an@tinh.gov.vn", ["Form.AdminEmails"] = "cntt@tinh.gov.vn",
            ["Form.TimeZone"] = "Asia/Ho_Chi_Minh", ["Form.Step"] = step,
        };
        if (reviewed is not null)
        {
            fields["Form.Reviewed"] = reviewed;
        }

        return fields;
    }

    [Fact]
    public async Task An_admin_creates_a_cycle_from_a_roster_with_a_bad_row_fixes_it_starts_it_and_extends_one_units_deadline()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var deliveries = new DeliveryLog();
        await using var app = ItEvalApp.On(storage, null, services => CountingTransport.Register(services, deliveries));
        var password = await ConsoleClient.AccountAsync(app, "cntt", Roles.Admin);
        var admin = new ConsoleClient(app);
        await admin.SignInAsync("cntt", password);

        var bad = await admin.PostFormAsync("/console/cycles/new", "new-cycle", Wizard(Roster, "review"));
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Dòng 3: email \"khong-phai-email\" không hợp lệ", badPage, StringComparison.Ordinal);

        var fixedRoster = Roster.Replace("khong-phai-email", "vp@baduv.gov.vn", StringComparison.Ordinal);
        var review = await (await admin.PostFormAsync("/console/cycles/new", "new-cycle", Wizard(fixedRoster, "review"))).Content.ReadAsStringAsync();
        Assert.Contains("Chưa gửi thư nào cho đến khi bấm Bắt đầu", review, StringComparison.Ordinal);
        var fingerprint = System.Text.RegularExpressions.Regex.Match(review, "name=\"Form.Reviewed\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        var created = await admin.PostFormAsync("/console/cycles/new", "new-cycle", Wizard(fixedRoster, "create", fingerprint));
        Assert.Equal("/console/cycles/danh-gia-2026", created.Headers.Location!.ToPath());
        Assert.Empty(deliveries.HandedOver);

        var started = await admin.PostFormAsync("/console/cycles/danh-gia-2026", null, new() { ["Action"] = "start", ["Confirm"] = "yes" }, "/console/cycles/danh-gia-2026/act");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        await app.SettleAsync();
        Assert.Equal(3, deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));

        var extended = await admin.PostFormAsync("/console/cycles/danh-gia-2026/units/BAD", null,
            new() { ["Action"] = "extend", ["UnitId"] = "BAD", ["Deadline"] = "2026-12-18", ["Reason"] = "Đơn vị đổi người phụ trách", ["Confirm"] = "yes" }, "/console/cycles/danh-gia-2026/act");
        var unitPage = WebUtility.HtmlDecode(await admin.GetStringAsync(extended.Headers.Location!.ToPath()));
        var history = WebUtility.HtmlDecode(await admin.GetStringAsync("/console/cycles/danh-gia-2026/history"));
        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync("/console/cycles/danh-gia-2026"));

        Assert.Contains("Đã thực hiện và ghi vào lịch sử.", unitPage, StringComparison.Ordinal);
        Assert.Contains("Người dùng cntt (cntt)</strong> gia hạn hạn nộp đến 18/12/2026 cho Đơn vị lỗi: lý do “Đơn vị đổi người phụ trách”", history, StringComparison.Ordinal);
        Assert.Contains("Người dùng cntt (cntt)</strong> bắt đầu kỳ đánh giá", history, StringComparison.Ordinal);
        Assert.Contains("thu phiếu tự đánh giá", dashboard, StringComparison.Ordinal);
        Assert.Contains("Khối sở, ban, ngành", dashboard, StringComparison.Ordinal);
        foreach (var page in new[] { "/console", "/console/cycles/danh-gia-2026/emails", "/console/accounts", "/console/settings", "/appraisal", "/console/cycles/danh-gia-2026?status=not-submitted&sort=-name&page=1" })
        {
            await admin.GetStringAsync(page);
        }
    }
}
