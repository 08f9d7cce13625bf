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

[Collection(DashboardCollection.Name)]
public sealed class RestartTests
{
    [Fact]
    public async Task The_page_says_when_the_gateway_is_gone_and_reconnects_when_it_is_back()
    {
        var port = FreePorts.Next();
        var (playwright, browser) = await Browser.LaunchAsync();
        var first = new QuietDemoGateway(port);
        QuietDemoGateway? second = null;
        try
        {
            await first.InitializeAsync();
            var page = await Browser.NewPageAsync(browser);
            await page.GotoAsync($"http://127.0.0.1:{port}/");
            await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            await Expect(page.Locator("#data-status")).ToContainTextAsync("Data as of", new() { Timeout = 15_000 });
            // A disruption that opens and clears before the restart: its id is used again afterwards (state is in memory).
            await first.Feed.PublishAsync(
                Observations.Batch("restart-feed", 1, Observations.Declare("mine.cl.escondida", "restart-strike")),
                Observations.Batch("restart-feed", 2, Observations.Declare("mine.cl.escondida", "restart-strike", clear: true)));
            var item = page.Locator("#live-feed li[data-subject='mine.cl.escondida']");
            await Expect(item).ToHaveAttributeAsync("data-state", "CLEARED", new() { Timeout = 10_000 });

            await first.DisposeFixtureAsync();

            await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 15_000 });
            await Expect(page.Locator("#stream-status")).ToHaveTextAsync("Live stream down — reconnecting");
            await Expect(page.Locator("#data-status")).ToContainTextAsync("Gateway unreachable", new() { Timeout = 20_000 });
            await Browser.ScreenshotAsync(page, "dashboard-gateway-down");

            second = new QuietDemoGateway(port);
            await second.InitializeAsync();
            await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            await Expect(page.Locator("#data-status")).ToContainTextAsync("Data as of", new() { Timeout = 15_000 });

            // The same id opens again on the new gateway: the page shows it open, not the old cleared one.
            await second.Feed.PublishAsync(Observations.Batch("restart-feed", 1, Observations.Declare("mine.cl.escondida", "restart-strike")));
            await Expect(item).ToHaveAttributeAsync("data-state", "OPEN", new() { Timeout = 10_000 });
        }
        finally
        {
            if (second is not null) await second.DisposeFixtureAsync();
            else await first.DisposeFixtureAsync().ContinueWith(_ => { });
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
