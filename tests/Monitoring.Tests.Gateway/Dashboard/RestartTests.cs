using static Microsoft.Playwright.Assertions;

namespace Monitoring.Tests.Gateway.Dashboard;

/// <summary>A gateway started with the demo topology but no simulator, on a given HTTP port.</summary>
public sealed class QuietDemoGateway(int httpPort) : GatewayFixture(httpPort)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Simulate"] = "false",
    };

    public override Contracts.TopologySpec? InitialTopology => null;
}

public sealed class RestartTests
{
    [Fact]
    public async Task The_page_says_when_the_gateway_is_gone_and_reconnects_when_it_is_back()
    {
        var port = FreePorts.Next();
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var first = new QuietDemoGateway(port);
            await first.InitializeAsync();
            var page = await Browser.NewPageAsync(browser);
            await page.GotoAsync($"http://127.0.0.1:{port}/");
            await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            await Expect(page.Locator("#data-status")).ToContainTextAsync("Data as of", new() { Timeout = 15_000 });

            await first.DisposeFixtureAsync();

            await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 15_000 });
            await Expect(page.Locator("#stream-status")).ToHaveTextAsync("Live stream down — reconnecting");
            await Expect(page.Locator("#data-status")).ToContainTextAsync("Gateway unreachable", new() { Timeout = 15_000 });
            await Browser.ScreenshotAsync(page, "dashboard-gateway-down");

            var second = new QuietDemoGateway(port);
            await second.InitializeAsync();
            try
            {
                await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
                await Expect(page.Locator("#data-status")).ToContainTextAsync("Data as of", new() { Timeout = 15_000 });
            }
            finally
            {
                await second.DisposeFixtureAsync();
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
