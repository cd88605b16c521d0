using System.Security.Cryptography;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Tests.Console;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ItEval.Tests.Publication;

/// <summary>
/// Appraisal to publication in a real browser (Debian's chromium through Playwright) on the real app:
/// an appraiser records a unit's scores with one changed score and its reason; the admin reviews and
/// closes appraisal, publishes, downloads both official documents, opens the public page and checks a
/// document; a unit files a complaint through its link, the admin accepts it, the score is appraised
/// again and edition 2 appears. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class PublicationBrowserTests
{
    private const string Id = UnitPageHost.CycleId;

    [SkippableFact]
    public async Task Appraisal_publication_public_check_and_a_complaint_to_edition_2()
    {
        Skip.IfNot(Browser.Installed, "chromium is not installed (./test.sh installs it with apt when run as root)");
        await using var host = await UnitPageHost.StartAsync(units: 3, kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        foreach (var unitId in new[] { "u0001", "u0002", "u0003" })
        {
            var token = await host.TokenAsync(unitId);
            var blank = await http.GetByteArrayAsync(new Uri($"/u/{token}/form", UriKind.Relative));
            var form = Forms.FormKit.Fill(blank, Forms.FormKit.TypicalAnswers(host.Rubric).ToDictionary(a => a.Key, a => (a.Value.Answer, a.Value.Explanation + " Đã ban hành kế hoạch số 12/KH-UBND")));
            using var sent = await http.PostAsync(new Uri($"/u/{token}/form", UriKind.Relative), UnitPageHost.File(form, "phieu.xlsx"));
            Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
        }

        await host.PublishAsync(appraise: false);
        string At(string path) => new Uri(host.BaseAddress, path).ToString();
        var code = await host.Query(s => s.Rubric.Leaves.First().Code);

        // The appraiser: their visits, the unit's page, one score changed with its reason, recorded.
        var appraiser = await SignedInAsync(host, At, "an", "an@tinh.gov.vn", Roles.Appraiser);
        await appraiser.GotoAsync(At("/appraisal"));
        await Expect(appraiser.Locator("h1")).ToHaveTextAsync("Lịch thẩm định của tôi");
        await appraiser.GetByRole(AriaRole.Link, new() { Name = "Đơn vị số 1" }).ClickAsync();
        await Expect(appraiser.Locator("main")).ToContainTextAsync("Đã ban hành kế hoạch số 12/KH-UBND");
        await appraiser.Locator($"[name='points:{code}']").SelectOptionAsync("0");
        await appraiser.Locator($"[name='reason:{code}']").FillAsync("Kế hoạch chưa được phê duyệt");
        await Browser.AssertLabelledAsync(appraiser);
        await Browser.ShotAsync(appraiser, "appraisal-1-unit");
        await appraiser.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận kết quả thẩm định" }).ClickAsync();
        await Expect(appraiser.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận kết quả thẩm định của Đơn vị số 1");
        await Browser.ShotAsync(appraiser, "appraisal-0-visits");
        var recorded = await host.Query(s => s.Units["u0001"].Appraisals[code]);
        Assert.Equal((0m, "Kế hoạch chưa được phê duyệt", "Người dùng an (an)"), (recorded.Points, recorded.Reason, recorded.Appraiser));
        foreach (var unitId in new[] { "u0002", "u0003" })
        {
            var self = await host.Query(s => s.Units[unitId].SelfScores);
            await host.Engine.HandleAsync(Id, new RecordAppraisal(unitId, [.. self.Select(p => new AppraisedScore(p.Key, p.Value, null, "tv2", host.Time.GetUtcNow()))]) { By = "tv2" }, CancellationToken.None);
        }

        // The admin: review (largest difference first), close appraisal with a reason, publish.
        var admin = await SignedInAsync(host, At, "cntt", null, Roles.Admin);
        await admin.GotoAsync(At($"/console/cycles/{Id}/appraisal-review"));
        await Expect(admin.Locator("tbody tr").First).ToContainTextAsync("Đơn vị số 1");
        await Browser.ShotAsync(admin, "appraisal-2-review");
        await ActAsync(admin, "Kết thúc thẩm định", "Đã thẩm định đủ 3 đơn vị");
        await host.SettleAsync();
        await admin.GotoAsync(At($"/console/cycles/{Id}/ranking"));
        await Expect(admin.Locator("h1")).ToContainTextAsync("Dự thảo lần công bố 1");
        await Expect(admin.Locator("svg[role=img]").First).ToHaveAttributeAsync("aria-labelledby", "totals-title totals-desc");
        await ActAsync(admin, "Công bố kết quả", null);
        await host.SettleAsync();
        await admin.ReloadAsync();
        await Expect(admin.Locator("h1")).ToContainTextAsync("Lần công bố 1");
        await Browser.AssertLabelledAsync(admin);
        await Browser.ShotAsync(admin, "ranking-1-published");

        // Both official documents downloaded from the admin page are the stored ones.
        var files = await host.Query(s => s.Editions[0].Files.ToDictionary(f => f.Name, f => f.Sha256));
        byte[]? pdf = null;
        foreach (var name in new[] { ItEval.Publication.RankingWorkbook.FileName, ItEval.Publication.RankingPdf.FileName })
        {
            var download = await admin.RunAndWaitForDownloadAsync(() => admin.Locator($"a[href$='/files/{name}']").ClickAsync());
            var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
            Assert.Equal(files[name], Convert.ToHexStringLower(SHA256.HashData(bytes)));
            pdf = bytes;
        }

        // Anyone: the public page, and the check of the downloaded PDF.
        var reader = await Browser.NewPageAsync();
        await reader.GotoAsync(At($"/results/{Id}"));
        await Expect(reader.Locator("main")).ToContainTextAsync(await host.Query(s => s.Editions[0].Sha256!));
        await reader.SetInputFilesAsync("#verify-file", new FilePayload { Name = "xep-hang.pdf", MimeType = "application/pdf", Buffer = pdf! });
        await reader.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra", Exact = true }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("Tệp là bản chính thức: Thông báo kết quả (PDF) của lần công bố 1");
        await Browser.AssertLabelledAsync(reader);
        await Browser.ShotAsync(reader, "results-1-public");

        // The unit complains through its link; the admin accepts; the criterion is appraised again.
        var unit = await Browser.NewPageAsync();
        await unit.GotoAsync(At($"/u/{await host.TokenAsync("u0001")}"));
        await unit.Locator($"#complaint-form input[value='{code}']").CheckAsync();
        await unit.GetByLabel("Lý do kiến nghị").FillAsync("Kế hoạch đã được phê duyệt tại Quyết định số 345/QĐ-UBND");
        await unit.SetInputFilesAsync("#complaint-files", new FilePayload { Name = "quyet-dinh.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 quyết định"u8.ToArray() });
        await Browser.ShotAsync(unit, "unit-page-3-complaint");
        await unit.GetByRole(AriaRole.Button, new() { Name = "Gửi kiến nghị" }).ClickAsync();
        await Expect(unit.Locator("#complaint-sent")).ToBeVisibleAsync();
        await host.SettleAsync();
        await admin.GotoAsync(At($"/console/cycles/{Id}/complaints"));
        await admin.GetByLabel("Chấp nhận: thẩm định lại các tiêu chí này").CheckAsync();
        await admin.GetByLabel("Ý kiến trả lời đơn vị").FillAsync("Chấp nhận, tổ thẩm định xem lại quyết định phê duyệt");
        await admin.GetByLabel("Tôi đã hiểu điều sẽ xảy ra").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Xem xét kiến nghị" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Phúc khảo" }).ClickAsync();
        await admin.Locator($"[name='points:{code}']").SelectOptionAsync(await host.Query(s => s.Units["u0001"].SelfScores[code].ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
        await admin.Locator($"[name='reason:{code}']").FillAsync("Đã có quyết định phê duyệt");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận kết quả phúc khảo" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận");
        await host.SettleAsync();
        await admin.GotoAsync(At($"/console/cycles/{Id}/ranking"));
        await Expect(admin.Locator("h1")).ToContainTextAsync("Dự thảo lần công bố 2");
        await ActAsync(admin, "Công bố kết quả", null);
        await host.SettleAsync();
        await reader.GotoAsync(At($"/results/{Id}"));
        await Expect(reader.Locator("h1")).ToContainTextAsync("Lần công bố 2");
        await Expect(reader.Locator("main")).ToContainTextAsync("Lần công bố 1");

        await admin.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await admin.GotoAsync(At($"/console/cycles/{Id}/ranking"));
        await Expect(admin.Locator("h1")).ToContainTextAsync("Edition 2");
        await Browser.ShotAsync(admin, "ranking-1-published-en");
        await admin.GotoAsync(At($"/console/cycles/{Id}/ranking/u0001"));
        await Browser.ShotAsync(admin, "ranking-2-unit-en");
    }

    private static async Task<IPage> SignedInAsync(UnitPageHost host, Func<string, string> at, string user, string? email, string role)
    {
        var password = await ConsoleClient.AccountWithEmailAsync(host.App, user, email, role);
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(at("/sign-in"));
        await page.GetByLabel("Tên đăng nhập").FillAsync(user);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>An action box: its reason (when it asks for one), the confirmation, the button.</summary>
    private static async Task ActAsync(IPage page, string title, string? reason)
    {
        var box = page.Locator("form.action").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = title }) });
        if (reason is not null)
        {
            await box.Locator("textarea[name=Reason]").FillAsync(reason);
        }

        await box.GetByLabel("Tôi đã hiểu điều sẽ xảy ra").CheckAsync();
        await box.GetByRole(AriaRole.Button, new() { Name = title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Đã thực hiện");
    }
}
