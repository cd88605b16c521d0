using ItEval.Accounts;
using ItEval.Tests.Console;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ItEval.Tests.UnitPage;

/// <summary>
/// Issue 24: at 390 px wide the unit page and the appraiser's pages scrolled sideways (494 px). On a
/// 390×844 viewport nothing may be wider than the screen, with the widest content each page has (forms
/// sent and refused, a visit with its address, every criterion of the appraisal form).
/// </summary>
public sealed class PhoneWidthTests
{
    private static readonly BrowserNewContextOptions Phone = new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "vi-VN", IsMobile = true, HasTouch = true };

    [SkippableFact]
    public async Task The_unit_page_and_the_appraisers_pages_fit_a_390_px_phone_without_sideways_scroll()
    {
        Skip.IfNot(Browser.Installed, "chromium is not installed (./test.sh installs it with apt when run as root)");
        await using var host = await UnitPageHost.StartAsync(2, kestrel: true);
        var token = await host.TokenAsync("u0001");
        var uploads = host.App.Services.GetRequiredService<ItEval.Uploads.UnitUploads>();
        async Task<byte[]> FilledAsync(string unit) => ItEval.Tests.Forms.FormKit.Fill((await uploads.FormTemplateAsync(UnitPageHost.CycleId, unit, CancellationToken.None)).Item1,
            ItEval.Tests.Forms.FormKit.TypicalAnswers(host.Rubric).ToDictionary(a => a.Key, a => (a.Value.Answer, a.Value.Explanation + " Đã triển khai hệ thống quản lý văn bản và điều hành trên toàn bộ các phòng, ban chuyên môn")));
        var filled = await FilledAsync("u0001");
        await uploads.UploadFormAsync(UnitPageHost.CycleId, "u0001", "phieu-tu-danh-gia-nam-2026-ban-chinh-thuc-loi.xlsx", new MemoryStream(UnitPageHost.Spoil(filled, host.Rubric).Form), CancellationToken.None);
        await uploads.UploadFormAsync(UnitPageHost.CycleId, "u0001", "phieu-tu-danh-gia-nam-2026-ban-chinh-thuc.xlsx", new MemoryStream(filled), CancellationToken.None);
        await uploads.UploadFormAsync(UnitPageHost.CycleId, "u0002", "phieu.xlsx", new MemoryStream(await FilledAsync("u0002")), CancellationToken.None);

        var page = await Browser.NewPageAsync(Phone);
        await page.GotoAsync(new Uri(host.BaseAddress, $"/u/{token}").ToString());
        await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(2);
        await AssertFitsAsync(page, "unit page");

        await host.PublishAsync(appraise: false);
        var password = await ConsoleClient.AccountWithEmailAsync(host.App, "an", "an@tinh.gov.vn", Roles.Appraiser);
        await page.GotoAsync(new Uri(host.BaseAddress, "/sign-in").ToString());
        await AssertFitsAsync(page, "sign-in");
        await page.GetByLabel("Tên đăng nhập").FillAsync("an");
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/appraisal").ToString());
        await Expect(page.Locator("h1")).ToContainTextAsync("Lịch");
        await AssertFitsAsync(page, "my visits");
        await page.GotoAsync(new Uri(host.BaseAddress, $"/appraisal/{UnitPageHost.CycleId}/u0001").ToString());
        await Expect(page.Locator("input[name^='points:']").First).ToBeVisibleAsync();
        await AssertFitsAsync(page, "appraisal form");

        // And a page can fail this: a wide block makes the check see it.
        await page.EvaluateAsync("() => { const d = document.createElement('div'); d.style.width = '494px'; d.style.height = '4px'; document.querySelector('main').appendChild(d); }");
        var widened = await WidthAsync(page);
        Assert.True(widened > 390, $"{widened}");
    }

    /// <summary>
    /// Issue 24: a ticked busy day was once not saved, with no confirmation. Each day now has one choice
    /// (Được / Bận / Mong muốn), and after saving the page repeats what the cycle recorded.
    /// </summary>
    [SkippableFact]
    public async Task Busy_and_preferred_days_are_one_choice_a_day_and_the_page_repeats_what_was_saved()
    {
        Skip.IfNot(Browser.Installed, "chromium is not installed (./test.sh installs it with apt when run as root)");
        await using var host = await UnitPageHost.StartAsync(1, kestrel: true);
        var token = await host.TokenAsync("u0001");
        var page = await Browser.NewPageAsync(Phone);
        await page.GotoAsync(new Uri(host.BaseAddress, $"/u/{token}").ToString());
        var days = page.Locator("#blackout fieldset.day");
        await days.Nth(0).GetByLabel("Bận").CheckAsync();
        await days.Nth(2).GetByLabel("Mong muốn").CheckAsync();
        await page.Locator("#blackout button[type=submit]").ClickAsync();

        await Expect(page.Locator("#blackout-saved")).ToContainTextAsync("Ngày bận: T2 21/12/2026. Ngày mong muốn: T4 23/12/2026.");
        Assert.Equal([new DateOnly(2026, 12, 21)], await host.Query(s => s.Units["u0001"].BlackoutDates));
        Assert.Equal([new DateOnly(2026, 12, 23)], await host.Query(s => s.Units["u0001"].PreferredDates));
        await Expect(page.Locator("#blackout fieldset.day").Nth(0).GetByLabel("Bận")).ToBeCheckedAsync();
        await AssertFitsAsync(page, "busy days");

        // Busy then preferred on the same day is one choice: the last one counts; "Được" clears it.
        days = page.Locator("#blackout fieldset.day");
        await days.Nth(0).GetByLabel("Mong muốn").CheckAsync();
        await Expect(days.Nth(0).GetByLabel("Bận")).Not.ToBeCheckedAsync();
        await days.Nth(2).GetByLabel("Được").CheckAsync();
        await page.Locator("#blackout button[type=submit]").ClickAsync();
        await Expect(page.Locator("#blackout-saved")).ToContainTextAsync("Ngày bận: không có. Ngày mong muốn: T2 21/12/2026.");
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        await Browser.ShotAsync(page, $"phone-{what.Replace(' ', '-')}");
        var width = await WidthAsync(page);
        var wide = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')");
        Assert.True(width <= 390, $"{what}: {width} px wide at 390 px ({wide})");
    }

    private static Task<int> WidthAsync(IPage page) => page.EvaluateAsync<int>("document.documentElement.scrollWidth");
}
