using ItEval.Links;
using ItEval.Tests.Forms;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ItEval.Tests.UnitPage;

/// <summary>
/// The unit's page in a real browser (Debian's chromium, driven by Playwright) against the real app on
/// Kestrel and Azurite. Screenshots go to TestResults/screenshots (not committed).
/// </summary>
public sealed class UnitPageBrowserTests
{
    [SkippableFact]
    public async Task A_unit_opens_its_link_downloads_the_form_sends_it_sees_it_accepted_then_sees_the_cells_of_a_bad_one()
    {
        Skip.IfNot(Browser.Installed, "chromium is not installed (./test.sh installs it with apt when run as root)");
        await using var host = await UnitPageHost.StartAsync(kestrel: true);
        var token = await host.TokenAsync("u0001");
        var page = await Browser.NewPageAsync(new BrowserNewContextOptions { AcceptDownloads = true, Locale = "vi-VN" });

        await page.GotoAsync(new Uri(host.BaseAddress, $"/u/{token}").ToString());
        await Expect(page.Locator("h1")).ToContainTextAsync("Đơn vị số 1");
        await Expect(page.Locator(".deadline")).ToContainTextAsync("hết ngày 15/12/2026");
        await ShotAsync(page, "1-opened");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));
        Assert.Equal("phieu-danh-gia-U0001.xlsx", download.SuggestedFilename);
        var blank = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var filled = FormKit.Fill(blank, FormKit.TypicalAnswers(host.Rubric));

        // Dropped onto the drop zone, as a user drags it from the file manager.
        await DropAsync(page, "#form-upload .drop", filled, "phieu-da-dien.xlsx");
        await page.ClickAsync("#form-upload button");
        await Expect(page.Locator("#outcome")).ToContainTextAsync("Phiếu hợp lệ và đã được ghi nhận.");
        await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#versions .badge").First).ToHaveTextAsync("Đang dùng");
        await ShotAsync(page, "2-accepted");

        var (bad, cell) = UnitPageHost.Spoil(filled, host.Rubric);
        await page.SetInputFilesAsync("#form-upload input[type=file]", new FilePayload
        {
            Name = "phieu-loi.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = bad,
        });
        await page.ClickAsync("#form-upload button");
        await Expect(page.Locator("#outcome")).ToContainTextAsync("Phiếu chưa hợp lệ");
        await Expect(page.Locator("#outcome .problems")).ToContainTextAsync($"Ô {cell}:");
        await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(2);
        await ShotAsync(page, "3-refused");

        Assert.Equal(await host.Query(s => s.Units["u0001"].SubmissionId), (await host.App.Services.GetRequiredService<ItEval.Uploads.UnitUploads>()
            .ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None)).Single(v => v.Accepted).Id);

        await page.ClickAsync("a.lang");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator(".deadline")).ToContainTextAsync("end of 2026-12-15");
        await ShotAsync(page, "4-english");
    }

    [SkippableFact]
    public async Task An_expired_link_shows_the_403_page_in_Vietnamese()
    {
        Skip.IfNot(Browser.Installed, "chromium is not installed (./test.sh installs it with apt when run as root)");
        await using var host = await UnitPageHost.StartAsync(kestrel: true);
        var expired = host.Links.Token(new LinkClaims("u0001", UnitPageHost.CycleId, UnitLinks.UploadPurpose, host.Time.GetUtcNow().AddMinutes(-1)));
        var page = await Browser.NewPageAsync();

        var response = await page.GotoAsync(new Uri(host.BaseAddress, $"/u/{expired}").ToString());

        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đường dẫn không dùng được");
        await Expect(page.Locator("main")).ToContainTextAsync("Hãy liên hệ bộ phận CNTT");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Đơn vị số 1");
        await ShotAsync(page, "5-expired");
    }

    /// <summary>Drops a file on an element the way a drag from the desktop does (a DataTransfer holding a File).</summary>
    private static async Task DropAsync(IPage page, string selector, byte[] bytes, string name)
    {
        var transfer = await page.EvaluateHandleAsync(
            "([b64, name]) => { const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0)); const dt = new DataTransfer(); dt.items.add(new File([bytes], name)); return dt; }",
            new[] { Convert.ToBase64String(bytes), name });
        await page.DispatchEventAsync(selector, "drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }

    private static Task ShotAsync(IPage page, string name) => Browser.ShotAsync(page, $"unit-page-{name}");
}
