using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class ApiTests(GatewayFixture gateway)
{
    private async Task<JsonElement> GetJson(string path)
    {
        var response = await gateway.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Overview_json_reports_the_topology_with_snake_case_fields()
    {
        var overview = await GetJson("/api/v1/overview");

        Assert.Equal(gateway.InitialTopology!.Nodes.Count, overview.GetProperty("node_count").GetInt32());
        Assert.Equal(gateway.InitialTopology.Lanes.Count, overview.GetProperty("lane_count").GetInt32());
        Assert.True(overview.GetProperty("open_disruption_count").GetInt32() >= 0);
        var codes = overview.GetProperty("commodities").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.Equal(gateway.InitialTopology.Commodities.Select(c => c.Code), codes);
        Assert.Equal("test", overview.GetProperty("topology_name").GetString());
    }

    [Fact]
    public async Task Node_and_lane_routes_return_details_or_not_found()
    {
        await gateway.Feed.PublishAsync(Batch("json-feed", 1, Output("json.port", 1200, metric: Metric.HandledTpd)));

        var node = await GetJson("/api/v1/nodes/json.port");
        Assert.Equal("json.port", node.GetProperty("node").GetProperty("id").GetString());
        Assert.Equal("OPERATIONAL_STATUS_OPERATIONAL", node.GetProperty("status").GetString());
        Assert.Equal(1200, node.GetProperty("metrics")[0].GetProperty("latest").GetDouble());

        var lane = await GetJson("/api/v1/lanes/json.lane.mine-port");
        Assert.Equal("json.mine", lane.GetProperty("lane").GetProperty("from_node_id").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/v1/nodes/no.such.node")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/v1/lanes/json.port")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await gateway.Http.GetAsync("/api/v1/nodes/NOT%20AN%20ID")).StatusCode);
    }

    [Fact]
    public async Task Listing_by_an_unknown_commodity_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { Commodity = "unobtainium" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("unknown commodity 'unobtainium'", error.Status.Detail);
    }

    [Fact]
    public async Task Invalid_topology_yaml_is_refused_with_file_line_and_field_and_changes_nothing()
    {
        var before = await gateway.Topology.GetTopologyAsync(new GetTopologyRequest());
        var yaml = """
            name: broken
            commodities:
              - {code: cu, name: Copper}
            nodes:
              - {id: a, name: A, kind: mine, country: CL, lat: 0, lon: 0, owner: o, commodities: [{commodity: cu, stage: extraction, capacity_tpd: -1}]}
            lanes:
              - {id: l, from: a, to: b, commodity: cu, mode: sea, baseline_transit_h: 5, owner: o}
            """;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Topology.ApplyTopologyAsync(new ApplyTopologyRequest { Yaml = yaml, SourceName = "broken.yaml" }, GatewayFixture.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("broken.yaml:5:", error.Status.Detail);
        Assert.Contains("nodes[0].commodities[0].capacity_tpd: capacity must be a finite number >= 0", error.Status.Detail);
        Assert.Contains("broken.yaml:7:", error.Status.Detail);
        Assert.Contains("lanes[0].to: unknown node 'b'", error.Status.Detail);
        Assert.Equal(before, await gateway.Topology.GetTopologyAsync(new GetTopologyRequest()));
    }

    [Fact]
    public async Task Validate_only_checks_a_topology_without_applying_it()
    {
        var before = await gateway.Topology.GetTopologyAsync(new GetTopologyRequest());
        var yaml = await File.ReadAllTextAsync(RepoPaths.ChileUsScenario);

        var response = await gateway.Topology.ApplyTopologyAsync(new ApplyTopologyRequest { Yaml = yaml, SourceName = "chile-us.yaml", ValidateOnly = true }, GatewayFixture.Admin);

        Assert.True(response.NodeCount >= 60);
        Assert.Equal(before.Version, response.Version);
        Assert.Equal(before, await gateway.Topology.GetTopologyAsync(new GetTopologyRequest()));
    }

    [Fact]
    public async Task Health_and_readiness_answer_and_the_dashboard_is_served_with_its_modules()
    {
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);
        var ready = await gateway.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("live-events: Healthy", await ready.Content.ReadAsStringAsync());

        var page = await gateway.Http.GetStringAsync("/");
        Assert.Contains("<script type=\"module\" src=\"app.js\">", page);
        // Every module the page loads, and everything they import in turn, is served by the gateway itself (no CDN).
        var pending = new Queue<string>(["app.js", "app.css"]);
        var served = new HashSet<string>();
        while (pending.TryDequeue(out var module))
        {
            if (!served.Add(module)) continue;
            var response = await gateway.Http.GetAsync($"/{module}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{module}: {response.StatusCode}");
            if (!module.EndsWith(".js", StringComparison.Ordinal)) continue;
            var directory = module.Contains('/') ? module[..(module.LastIndexOf('/') + 1)] : "";
            foreach (Match import in Regex.Matches(await response.Content.ReadAsStringAsync(), @"from '\./([^']+)'|from '\.\./([^']+)'"))
                pending.Enqueue(import.Groups[1].Success ? directory + import.Groups[1].Value : import.Groups[2].Value);
        }
        Assert.Contains("views/network.js", served);
        Assert.Contains("i18n/es.js", served);
    }
}
