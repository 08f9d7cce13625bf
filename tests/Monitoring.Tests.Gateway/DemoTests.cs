using System.Text.Json;

namespace Monitoring.Tests.Gateway;

/// <summary>The gateway exactly as `dotnet run` starts it: demo topology loaded, simulator feeding it.</summary>
public class DemoGatewayFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Simulate"] = "true",
        ["Demo:Interval"] = "00:00:02",
        ["Demo:FeedEndpoint"] = GrpcAddress.ToString(),
    };

    public override Contracts.TopologySpec? InitialTopology => null;
}

public sealed class DemoTests(DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    [Fact]
    public async Task Demo_loads_the_chile_us_network_feeds_it_and_the_angamos_strike_opens_within_a_minute()
    {
        var overview = await Poll.UntilAsync(async () =>
        {
            var json = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/overview"));
            return json.RootElement.GetProperty("observations_accepted").GetInt64() > 0 ? json : null;
        }, TimeSpan.FromSeconds(30), "simulated observations to be accepted");
        Assert.True(overview.RootElement.GetProperty("node_count").GetInt32() >= 60);
        Assert.True(overview.RootElement.GetProperty("lane_count").GetInt32() >= 60);
        Assert.Equal("chile-us", overview.RootElement.GetProperty("topology_name").GetString());

        // The first scripted incident starts 30 s after the simulator.
        var strike = await Poll.UntilAsync(async () =>
        {
            var json = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?subject_id=port.cl.angamos")).RootElement;
            return json.GetProperty("disruptions").EnumerateArray()
                .Where(d => d.GetProperty("kind").GetString() == "DISRUPTION_KIND_DECLARED")
                .Select(d => JsonDocument.Parse(d.GetRawText())).FirstOrDefault();
        }, TimeSpan.FromSeconds(75), "the Angamos strike to be declared");
        Assert.Equal("SEVERITY_CRITICAL", strike.RootElement.GetProperty("severity").GetString());
        Assert.Equal("CAUSE_STRIKE", strike.RootElement.GetProperty("cause").GetString());

        // The strike travels: Angamos's outbound sea lanes are blocked and the ports they serve are exposed.
        var exposures = await Poll.UntilAsync(async () =>
        {
            var json = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?kind=DISRUPTION_KIND_UPSTREAM_EXPOSURE"));
            var rooted = json.RootElement.GetProperty("disruptions").EnumerateArray()
                .Where(d => d.GetProperty("summary").GetString()!.Contains("port.cl.angamos", StringComparison.Ordinal))
                .Select(d => d.GetProperty("subject_id").GetString()!)
                .ToList();
            return rooted.Count > 0 ? rooted : null;
        }, TimeSpan.FromSeconds(15), "downstream exposure to the Angamos strike");
        Assert.Contains(exposures, s => s is "port.us.houston" or "port.cn.shanghai" or "port.us.long-beach" or "port.us.savannah");
        var blocked = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?kind=DISRUPTION_KIND_LANE_BLOCKED")).RootElement
            .GetProperty("disruptions").EnumerateArray().Select(d => d.GetProperty("subject_id").GetString()).ToList();
        Assert.Contains("lane.cu.angamos-houston", blocked);
    }
}
