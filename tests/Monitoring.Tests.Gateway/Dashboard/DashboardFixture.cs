using Microsoft.Playwright;

namespace Monitoring.Tests.Gateway.Dashboard;

/// <summary>The gateway with the demo running (as `dotnet run` starts it) and one browser for the dashboard tests.</summary>
public sealed class DashboardFixture : DemoGatewayFixture
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The demo topology is in force before any page opens.
        await Poll.UntilAsync(async () => (await Http.GetStringAsync("/api/v1/overview")).Contains("\"chile-us\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the demo topology");
        (_playwright, Browser) = await Dashboard.Browser.LaunchAsync();
    }

    public override async Task DisposeFixtureAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeFixtureAsync();
    }
}

/// <summary>Run alone: the two-second budget must not compete with the other collections' gateways for two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
