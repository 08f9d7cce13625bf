using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The indicator routes over JSON, on the fixture's cobalt network: two mines, CL 60 t/d and AU 40 t/d
/// (extraction HHI 60² + 40² = 5,200), and one candidate, a 20 t/d US mine.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IndicatorApiTests(GatewayFixture gateway)
{
    private async Task<JsonElement> GetJson(string path)
    {
        var response = await gateway.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> PostJson(string path, object body)
    {
        var response = await gateway.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Indicators_route_returns_stages_score_components_and_exposures()
    {
        var indicators = (await GetJson("/api/v1/commodities/co/indicators")).GetProperty("indicators");

        Assert.Equal("co", indicators.GetProperty("commodity").GetString());
        var extraction = Assert.Single(indicators.GetProperty("stages").EnumerateArray());
        Assert.Equal("STAGE_EXTRACTION", extraction.GetProperty("stage").GetString());
        Assert.Equal(100, extraction.GetProperty("capacity_tpd").GetDouble());
        Assert.Equal(5200, extraction.GetProperty("hhi_country").GetDouble(), 1e-6);
        Assert.Equal("high", extraction.GetProperty("hhi_band").GetString());
        Assert.Equal("CL", extraction.GetProperty("top_country").GetString());
        Assert.Equal(0.6, extraction.GetProperty("top_country_share").GetDouble(), 1e-9);
        var score = indicators.GetProperty("score");
        foreach (var component in new[] { "value", "availability", "diversification", "survivability", "circularity", "feed_health" })
            Assert.True(score.TryGetProperty(component, out _), $"score.{component} missing: {score}");
        Assert.Equal(0.3, score.GetProperty("weights").GetProperty("availability").GetDouble());
        var nodes = indicators.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["ind.mine.au", "ind.mine.cl"], nodes.Select(n => n.GetProperty("node_id").GetString()).Order());
        Assert.All(nodes, n => Assert.True(n.TryGetProperty("ttr_days", out _) && n.TryGetProperty("lost_volume_t", out _) && n.TryGetProperty("rei", out _)));
    }

    [Fact]
    public async Task Gaps_route_lists_the_largest_first_and_honours_the_limit()
    {
        var all = (await GetJson("/api/v1/commodities/co/gaps")).GetProperty("gaps").EnumerateArray().ToList();
        var top = (await GetJson("/api/v1/commodities/co/gaps?limit=1")).GetProperty("gaps").EnumerateArray().ToList();

        Assert.Contains(all, g => g.GetProperty("kind").GetString() == "GAP_KIND_CONCENTRATION" && g.GetProperty("subject").GetString() == "CL");
        var lost = all.Select(g => g.GetProperty("lost_volume_t").GetDouble()).ToList();
        Assert.Equal(lost.OrderByDescending(v => v), lost);
        Assert.Equal(all[0].GetRawText(), Assert.Single(top).GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/v1/commodities/unobtainium/gaps")).StatusCode);
    }

    [Fact]
    public async Task Stress_test_route_takes_the_chilean_mine_down_without_changing_anything()
    {
        var before = (await GetJson("/api/v1/commodities/co/indicators")).GetProperty("indicators").GetProperty("score").GetProperty("value").GetDouble();

        var result = await PostJson("/api/v1/stress-tests", new { node_ids = new[] { "ind.mine.cl" }, days = 10 });

        Assert.Equal(10, result.GetProperty("days").GetDouble());
        var cobalt = Assert.Single(result.GetProperty("commodities").EnumerateArray());
        Assert.Equal("co", cobalt.GetProperty("commodity").GetString());
        var extraction = Assert.Single(cobalt.GetProperty("stages").EnumerateArray());
        Assert.Equal(60, extraction.GetProperty("lost_tpd").GetDouble(), 1e-9);
        Assert.Equal(0.4, extraction.GetProperty("available_ratio_during").GetDouble(), 1e-9);
        Assert.True(cobalt.GetProperty("score_during").GetDouble() < cobalt.GetProperty("score_before").GetDouble());
        var after = (await GetJson("/api/v1/commodities/co/indicators")).GetProperty("indicators").GetProperty("score").GetProperty("value").GetDouble();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Stress_test_route_refuses_bad_requests_with_a_reason()
    {
        var noDays = await gateway.Http.PostAsJsonAsync("/api/v1/stress-tests", new { node_ids = new[] { "ind.mine.cl" } });
        var unknown = await gateway.Http.PostAsJsonAsync("/api/v1/stress-tests", new { node_ids = new[] { "ind.mine.nowhere" }, days = 5 });
        var nothing = await gateway.Http.PostAsJsonAsync("/api/v1/stress-tests", new { days = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, noDays.StatusCode);
        Assert.Contains("days must be more than 0", await noDays.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("node_ids[0]: 'ind.mine.nowhere' is not a node of the topology", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
    }

    [Fact]
    public async Task Project_rankings_route_appraises_the_topology_candidates_and_candidates_in_the_request()
    {
        var fromTopology = (await PostJson("/api/v1/project-rankings", new { })).GetProperty("appraisals").EnumerateArray().ToList();
        var usMine = Assert.Single(fromTopology);
        Assert.Equal("cand.co.us-mine", usMine.GetProperty("candidate").GetProperty("id").GetString());
        // CL 60, AU 40, US 20: HHI = 10,000 × (1/4 + 1/9 + 1/36) = 3,888.9, from 5,200.
        Assert.Equal(10_000.0 * (1.0 / 4 + 1.0 / 9 + 1.0 / 36) - 5200, usMine.GetProperty("hhi_delta").GetDouble(), 1e-6);
        Assert.Equal(1, usMine.GetProperty("rank_by_score").GetInt32());

        var requested = (await PostJson("/api/v1/project-rankings", new
        {
            candidates = new object[]
            {
                new { id = "cand.small", name = "Small CL mine", kind = "PROJECT_KIND_NEW_NODE", commodity = "co", stage = "STAGE_EXTRACTION", country = "CL", capacity_tpd = 5, cost_musd = 50 },
                new { id = "cand.big", name = "Big AR mine", kind = "PROJECT_KIND_NEW_NODE", commodity = "co", stage = "STAGE_EXTRACTION", country = "AR", capacity_tpd = 50, cost_musd = 800 },
            },
        })).GetProperty("appraisals").EnumerateArray().ToList();
        Assert.Equal(["cand.big", "cand.small"], requested.Select(a => a.GetProperty("candidate").GetProperty("id").GetString()));
        Assert.Equal([1, 2], requested.Select(a => a.GetProperty("rank_by_score").GetInt32()));
        Assert.All(requested, a => Assert.NotEmpty(a.GetProperty("notes").EnumerateArray()));

        var invalid = await gateway.Http.PostAsJsonAsync("/api/v1/project-rankings", new
        {
            candidates = new[] { new { id = "cand.bad", name = "Bad", kind = "PROJECT_KIND_EXPANSION", commodity = "co", capacity_tpd = 5, cost_musd = 10 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("candidates[0].node_id: node_id is required when kind is expansion", await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scores_and_stage_figures_are_exported_as_prometheus_gauges()
    {
        var lines = await Poll.UntilAsync(async () =>
        {
            var metrics = (await gateway.Http.GetStringAsync("/metrics")).Split('\n');
            return metrics.Any(l => l.StartsWith("monitoring_stage_hhi{", StringComparison.Ordinal) && l.Contains("commodity=\"co\"", StringComparison.Ordinal)) ? metrics : null;
        }, TimeSpan.FromSeconds(15), "cobalt gauges on /metrics");

        var hhi = lines.Where(l => l.StartsWith("monitoring_stage_hhi{", StringComparison.Ordinal) && l.Contains("commodity=\"co\"", StringComparison.Ordinal)
                                   && l.Contains("stage=\"extraction\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(hhi, value => Math.Abs(value - 5200) < 1e-6);
        Assert.Contains(lines, l => l.StartsWith("monitoring_resilience_score{", StringComparison.Ordinal) && l.Contains("commodity=\"co\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("monitoring_stage_available_capacity_ratio{", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("monitoring_stage_top_country_share{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_status_change_reaches_the_event_stream_as_indicators_changed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events?commodity=co");
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": subscribed", await reader.ReadLineAsync());

        await gateway.Feed.PublishAsync(Batch("ind-feed", 1, Declare("ind.mine.au", "cyclone")));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            JsonDocument? changed = null;
            string? previous = null;
            while (changed is null)
            {
                var line = await reader.ReadLineAsync(timeout.Token);
                if (previous == "event: indicators_changed" && line?.StartsWith("data: ", StringComparison.Ordinal) == true)
                {
                    var data = JsonDocument.Parse(line["data: ".Length..]);
                    var stage = data.RootElement.GetProperty("indicators").GetProperty("stages")[0];
                    if (stage.GetProperty("available_ratio").GetDouble() < 1) changed = data;
                }
                previous = line;
            }
            Assert.Equal("EVENT_TYPE_INDICATORS_CHANGED", changed.RootElement.GetProperty("type").GetString());
            Assert.Equal(0.6, changed.RootElement.GetProperty("indicators").GetProperty("stages")[0].GetProperty("available_ratio").GetDouble(), 1e-9);
        }
        finally
        {
            // Leave the cobalt network as the other tests expect it: both mines available.
            await gateway.Feed.PublishAsync(Batch("ind-feed", 2, Declare("ind.mine.au", "cyclone", clear: true)));
            await Poll.UntilAsync(async () =>
                (await GetJson("/api/v1/commodities/co/indicators")).GetProperty("indicators").GetProperty("stages")[0].GetProperty("available_ratio").GetDouble() == 1,
                TimeSpan.FromSeconds(10), "cobalt extraction back to full");
        }
    }
}
