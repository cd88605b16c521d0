using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Links;
using ItEval.Tests.Forms;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using ItEval.Engine;

namespace ItEval.Tests.Console;

/// <summary>
/// The IT office at the console in a real browser (Debian's chromium through Playwright) against the
/// real app on Kestrel and Azurite: sign in, create a cycle from a roster file with a bad row, fix it,
/// start, watch the progress move when a unit uploads through its page, extend one unit's deadline,
/// find it in the history. Screenshots of each page in both languages go to TestResults/screenshots.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private const string RosterFile = "Mã đơn vị,Tên đơn vị,Khối,Tên khối,Huyện,Email\r\n" +
        "STTTT,Sở Thông tin và Truyền thông,so,\"Khối sở, ban, ngành\",tp,vp@stttt.gov.vn\r\n" +
        "STP,Sở Tư pháp,so,\"Khối sở, ban, ngành\",tp,vanphong-stp.gov.vn\r\n" +
        "HU-A,Huyện ủy A,huyen,Khối huyện ủy,a,hu@a.gov.vn\r\n";

    [SkippableFact]
    public async Task The_IT_office_runs_a_cycle_from_the_console()
    {
        Skip.IfNot(Browser.Installed, "chromium is not installed (./test.sh installs it with apt when run as root)");
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage, new Dictionary<string, string?> { ["Console:ProgressInterval"] = "00:00:00.300" }))
        {
            EarlySettings = new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0" },
        };
        app.UseKestrel(0);
        app.StartServer();
        var site = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        string At(string path) => new Uri(site, path).ToString();
        var password = await ConsoleClient.AccountAsync(app, "cntt", Roles.Admin);
        var page = await Browser.NewPageAsync();

        // Sign in.
        await page.GotoAsync(At("/console"));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await Browser.ShotAsync(page, "console-1-sign-in");
        await page.GetByLabel("Tên đăng nhập").FillAsync("cntt");
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Kỳ đánh giá");
        await Browser.AssertLabelledAsync(page);

        // A cycle from a roster file with one bad row: the problem is named by line and fixed in place.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo kỳ đánh giá" }).First.ClickAsync();
        await page.GetByLabel("Tên kỳ đánh giá").FillAsync("Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026");
        await page.GetByLabel("Mã kỳ đánh giá").FillAsync("danh-gia-2026");
        await page.GetByLabel("Hạn nộp", new() { Exact = true }).FillAsync("2026-12-15");
        await page.GetByLabel("Ngày bắt đầu thẩm định").FillAsync("2026-12-21");
        await page.GetByLabel("Ngày kết thúc thẩm định").FillAsync("2027-01-29");
        await page.GetByLabel("Tổ thẩm định", new() { Exact = true }).FillAsync("tv1; Nguyễn Văn An; an@tinh.gov.vn");
        await page.SetInputFilesAsync("#roster-file", new FilePayload { Name = "danh-sach.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(RosterFile) });
        await Browser.AssertLabelledAsync(page);
        await Browser.ShotAsync(page, "console-2-new-cycle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra và xem lại" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Dòng 3: email \"vanphong-stp.gov.vn\" không hợp lệ");
        await Browser.ShotAsync(page, "console-3-bad-row");
        var roster = page.GetByLabel("Danh sách đơn vị (CSV, sửa trực tiếp được)");
        await roster.FillAsync((await roster.InputValueAsync()).Replace("vanphong-stp.gov.vn", "vanphong@stp.gov.vn", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra và xem lại" }).ClickAsync();
        await Expect(page.Locator(".review")).ToContainTextAsync("Khối sở, ban, ngành 2; Khối huyện ủy 1");
        await Browser.ShotAsync(page, "console-4-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo kỳ đánh giá" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("năm 2026");

        // Start: the confirmation says what will happen, then the announcements go out.
        var start = page.Locator("form.action").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Bắt đầu" }) });
        await Expect(start).ToContainTextAsync("gửi tới 3 đơn vị");
        await start.GetByLabel("Tôi đã hiểu điều sẽ xảy ra").CheckAsync();
        await start.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện");
        await app.SettleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("[data-count-text=bar_announced]")).ToHaveTextAsync("3");
        await Browser.AssertLabelledAsync(page);

        // A unit uploads through its own page; the dashboard's progress moves without a reload.
        var engine = app.Services.GetRequiredService<CycleEngine>();
        var link = await engine.QueryAsync("danh-gia-2026", s => app.Services.GetRequiredService<UnitLinks>().UnitUrl(s, s.Units["STP"]), CancellationToken.None);
        var unit = await Browser.NewPageAsync();
        await unit.GotoAsync(At(new Uri(link).PathAndQuery));
        var blank = await new HttpClient().GetByteArrayAsync(At(new Uri(link).PathAndQuery + "/form"));
        await unit.SetInputFilesAsync("#form-upload input[type=file]", new FilePayload
        {
            Name = "phieu.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = FormKit.Fill(blank, FormKit.TypicalAnswers(ItEval.Rubrics.BuiltInRubrics.Load(ItEval.Rubrics.BuiltInRubrics.DepartmentsAndDistricts))),
        });
        await unit.ClickAsync("#form-upload button");
        await Expect(unit.Locator("#outcome")).ToContainTextAsync("Phiếu hợp lệ");
        await Expect(page.Locator("[data-count-text=bar_submitted]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-count-text=bar_opened]")).ToHaveTextAsync("1");
        // Issue 24: the unit table moves with the bars (its row says submitted, with the self-score), no reload.
        await Expect(page.Locator("table[data-live=rows] tr", new() { HasText = "STP" })).ToContainTextAsync("Đã nộp");
        // Issue 24: "Chưa nộp" (not submitted) is not drawn in the colour of what is done.
        var missing = await page.Locator("progress[data-count=bar_missing]").EvaluateAsync<string>("e => getComputedStyle(e).accentColor");
        var submitted = await page.Locator("progress[data-count=bar_submitted]").EvaluateAsync<string>("e => getComputedStyle(e).accentColor");
        Assert.NotEqual(submitted, missing);
        Assert.Equal("rgb(161, 37, 27)", missing);
        await Browser.ShotAsync(page, "console-5-dashboard");

        // One unit's deadline extended, with its reason, and found in the history.
        await page.GetByRole(AriaRole.Link, new() { Name = "Huyện ủy A" }).ClickAsync();
        var extend = page.Locator("form.action").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Gia hạn cho đơn vị" }) });
        await extend.GetByLabel("Hạn mới").FillAsync("2026-12-18");
        await extend.GetByLabel("Lý do (ghi vào lịch sử)").FillAsync("Đơn vị đổi người phụ trách");
        await extend.GetByLabel("Tôi đã hiểu điều sẽ xảy ra").CheckAsync();
        await extend.GetByRole(AriaRole.Button, new() { Name = "Gia hạn cho đơn vị" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện");
        await Browser.AssertLabelledAsync(page);
        await Browser.ShotAsync(page, "console-6-unit");
        await page.GotoAsync(At("/console/cycles/danh-gia-2026/history"));
        await Expect(page.Locator(".history")).ToContainTextAsync("gia hạn hạn nộp đến 18/12/2026 cho Huyện ủy A: lý do “Đơn vị đổi người phụ trách”");
        await Browser.ShotAsync(page, "console-7-history");

        // The same pages in English.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator(".history")).ToContainTextAsync("extended the deadline to 2026-12-18 for Huyện ủy A");
        await Browser.ShotAsync(page, "console-7-history-en");
        await page.GotoAsync(At("/console/cycles/danh-gia-2026"));
        await Expect(page.Locator("h2#progress-title")).ToHaveTextAsync("Progress");
        await Browser.ShotAsync(page, "console-5-dashboard-en");
        await page.GotoAsync(At("/console/cycles/new"));
        await Browser.ShotAsync(page, "console-2-new-cycle-en");
    }
}
