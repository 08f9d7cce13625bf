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
    public async Task Demo_loads_the_chile_us_network_feeds_it_and_the_angamos_strike_opens_within_a_minute_as_one_incident()
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
                .Where(d => d.GetProperty("root_causes").EnumerateArray().Any(r => r.GetProperty("subject_id").GetString() == "port.cl.angamos"
                    && r.GetProperty("subject_name").GetString()!.StartsWith("Puerto Angamos", StringComparison.Ordinal)))
                .Select(d => d.GetProperty("subject_id").GetString()!)
                .ToList();
            return rooted.Count > 0 ? rooted : null;
        }, TimeSpan.FromSeconds(15), "downstream exposure to the Angamos strike");
        Assert.Contains(exposures, s => s is "port.us.houston" or "port.cn.shanghai" or "port.us.long-beach" or "port.us.savannah");
        var blocked = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?kind=DISRUPTION_KIND_LANE_BLOCKED")).RootElement
            .GetProperty("disruptions").EnumerateArray().Select(d => d.GetProperty("subject_id").GetString()).ToList();
        Assert.Contains("lane.cu.angamos-houston", blocked);

        // All of it is one incident, with the port's normal throughput as its impact: copper 2,500 t/d, lithium 130
        // and molybdenum 60, each at the port's 0.75 utilization, 2,017.5 t/d in all, all of it Chilean.
        var incident = await Poll.UntilAsync(async () =>
        {
            var json = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/incidents")).RootElement;
            var rooted = json.GetProperty("incidents").EnumerateArray().Where(i => i.GetProperty("root_subject_id").GetString() == "port.cl.angamos").ToList();
            return rooted is [var only] && only.GetProperty("disruption_ids").EnumerateArray().Any(d => d.GetString() == "lane.cu.angamos-houston--lane-blocked-1")
                && only.GetProperty("impact").GetProperty("lost_tpd").GetDouble() > 0 ? JsonDocument.Parse(only.GetRawText()) : null;
        }, TimeSpan.FromSeconds(15), "one incident at Angamos holding its blocked lanes, with its impact");
        var root = incident.RootElement;
        Assert.Equal("Port workers' strike at Puerto Angamos (Mejillones)", root.GetProperty("title").GetString());
        Assert.Equal("SEVERITY_CRITICAL", root.GetProperty("severity").GetString());
        Assert.Equal(2017.5, root.GetProperty("impact").GetProperty("lost_tpd").GetDouble(), 6);
        Assert.Equal(1, root.GetProperty("impact").GetProperty("partner_share").GetDouble(), 6);
        var members = root.GetProperty("disruption_ids").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(strike.RootElement.GetProperty("id").GetString(), members);
        Assert.All(blocked.Where(b => b!.Contains("angamos", StringComparison.Ordinal)), b => Assert.Contains(members, m => m.StartsWith(b + "--", StringComparison.Ordinal)));
        var overviewNow = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/overview")).RootElement;
        Assert.True(overviewNow.GetProperty("open_incident_count").GetInt32() * 5 < overviewNow.GetProperty("open_disruption_count").GetInt32(),
            $"{overviewNow.GetProperty("open_incident_count")} incidents for {overviewNow.GetProperty("open_disruption_count")} disruptions");
    }

    /// <summary>
    /// Where US copper comes from in the demo: Chile is the largest origin of its ore, every stage's shares and its
    /// unattributed part add up to one, and a country code that is not one is refused with the field named.
    /// </summary>
    [Fact]
    public async Task Sourcing_traces_us_copper_to_its_origins_by_stage_and_refuses_a_bad_country()
    {
        var sourcing = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/commodities/cu/sourcing?country=US")).RootElement.GetProperty("sourcing");

        Assert.Equal("US", sourcing.GetProperty("consumer_country").GetString());
        Assert.True(sourcing.GetProperty("received_tpd").GetDouble() > 0);
        var stages = sourcing.GetProperty("stages").EnumerateArray().ToList();
        var ore = stages.Single(s => s.GetProperty("stage").GetString() == "STAGE_EXTRACTION");
        Assert.Equal("CL", ore.GetProperty("origins")[0].GetProperty("country").GetString());
        foreach (var stage in stages)
        {
            var shares = stage.GetProperty("origins").EnumerateArray().Sum(o => o.GetProperty("share").GetDouble());
            Assert.Equal(1, shares + (stage.TryGetProperty("unattributed_share", out var u) ? u.GetDouble() : 0), 6);
            Assert.InRange(stage.GetProperty("net_import_reliance").GetDouble(), 0, 1);
        }

        var refused = await gateway.Http.GetAsync("/api/v1/commodities/cu/sourcing?country=XX");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"country\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Prometheus has it too, for the configured consumer country.
        await Poll.UntilAsync(async () => (await gateway.Http.GetStringAsync("/metrics")).Contains("monitoring_sourcing_share{", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the sourcing gauges");
        var metrics = await gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("consumer=\"US\"", metrics, StringComparison.Ordinal);
        Assert.Contains("monitoring_sourcing_net_import_reliance{", metrics, StringComparison.Ordinal);
    }

    /// <summary>The demo's provider key (docs/api.md, "Trying it on the demo"): bhp reports on its own nodes, not on others'.</summary>
    [Fact]
    public async Task The_demo_provider_key_publishes_to_bhps_feeds_about_bhps_nodes_only()
    {
        var ack = Assert.Single(await gateway.FeedAs("demo-bhp-provider-key").PublishAsync(Observations.Batch("bhp-trial", 1,
            Observations.Output("mine.cl.escondida", 250_000, metric: Api.V1.Metric.InventoryT), Observations.Output("mine.cl.chuquicamata", 90_000, metric: Api.V1.Metric.InventoryT))));

        Assert.Equal(1U, ack.Accepted);
        var refused = Assert.Single(ack.Rejected);
        Assert.Equal((1U, "PERMISSION_DENIED"), (refused.Index, refused.Code));
    }
}
