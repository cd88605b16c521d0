using Microsoft.Playwright;

namespace ItEval.Tests.Infrastructure;

/// <summary>
/// One headless Debian chromium for the whole test run (Playwright drives it); each test opens its own
/// context, so cookies and storage never mix. The machine has no network: nothing in the browser may
/// try to reach it.
/// </summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Shared = new(async () =>
    {
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    });

    public static bool Installed => File.Exists(Chromium);

    /// <summary>A fresh context (its own cookies) with a page in it.</summary>
    public static async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await (await Shared.Value).NewContextAsync(options ?? new BrowserNewContextOptions { Locale = "vi-VN" });
        return await context.NewPageAsync();
    }

    /// <summary>A full-page screenshot in TestResults/screenshots (not committed; the docs take theirs from there).</summary>
    public static Task ShotAsync(IPage page, string name)
    {
        var folder = Path.Combine(ItEval.Testing.RepositoryRoot.Find(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    /// <summary>Every visible form control has an accessible name (a label, or aria-label), as the accessibility tree reads it.</summary>
    public static async Task AssertLabelledAsync(IPage page)
    {
        var unnamed = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, select, textarea, button')]
                .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.Empty(unnamed);
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
    }
}
