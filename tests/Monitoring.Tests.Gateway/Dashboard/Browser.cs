using Microsoft.Playwright;

namespace Monitoring.Tests.Gateway.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright: headless, sandbox off (the tests run as root), no network
/// beyond loopback, no browser download. Screenshots go to artifacts/screenshots.
/// </summary>
public static class Browser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "screenshots")).FullName;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (./test.sh does it when it can)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>A fresh page (own storage: language, key) at 1920×1080, the wall screen.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, string? locale = "en-US")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = locale });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = false) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = fullPage });
}
