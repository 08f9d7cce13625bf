using System.Text.RegularExpressions;
using Monitoring.Api.V1;
using Monitoring.Tests.Gateway;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Alerting;

/// <summary>/metrics of a real gateway against docs/metrics.md, and what it leaves out.</summary>
[Collection(AlertingCollection.Name)]
public sealed partial class MetricsEndpointTests(AlertingFixture gateway)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_documented_metric_is_exported_with_its_type_and_every_exported_one_is_documented()
    {
        // Exercise what makes every metric appear: an accepted and a rejected observation, a disruption
        // opened (detection latency, opened counter, per-disruption series) and acknowledged.
        var acks = await gateway.Feed.PublishAsync(Batch("catalog-feed", 1, Output("sn.mine", 90), Output("no.such.node", 1), Declare("sn.port", "catalog-strike")));
        Assert.Single(acks[0].Rejected);
        var id = await Poll.UntilAsync(async () =>
        {
            var list = await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "sn.port", Kind = DisruptionKind.Declared });
            return list.Disruptions.FirstOrDefault()?.Id;
        }, Deadline, "the declared disruption of sn.port");
        await gateway.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = id, Note = "catalogue test" }, GatewayFixture.Admin);

        var types = await Poll.UntilAsync(async () =>
        {
            var found = Types(await gateway.Http.GetStringAsync("/metrics"));
            return MetricsCatalog.Documented.Keys.All(found.ContainsKey) ? found : null;
        }, Deadline, "every documented metric on /metrics");

        foreach (var (name, type) in MetricsCatalog.Documented) Assert.True(types[name] == type, $"{name} is a {types[name]}, documented as a {type}");
        var labels = LabelNames(await gateway.Http.GetStringAsync("/metrics"));
        foreach (var (name, documented) in MetricsCatalog.Labels)
        {
            Assert.True(documented.SetEquals(labels[name]), $"{name} has labels [{string.Join(", ", labels[name])}], documented [{string.Join(", ", documented)}]");
        }
        foreach (var name in types.Keys.Where(n => n.StartsWith("monitoring_", StringComparison.Ordinal)))
        {
            Assert.True(MetricsCatalog.Documented.ContainsKey(name), $"{name} is exported but not in docs/metrics.md");
        }
        await gateway.Monitoring.ResolveDisruptionAsync(new ResolveDisruptionRequest { DisruptionId = id, Note = "catalogue test done" }, GatewayFixture.Admin);
    }

    [Fact]
    public async Task The_per_disruption_series_names_the_subject_its_kind_and_the_lanes_ends()
    {
        await gateway.Feed.PublishAsync(Batch("catalog-feed-2", 1, Declare("sn.mine", "catalog-flood")));

        var lines = await Poll.UntilAsync(async () =>
        {
            var series = (await gateway.Http.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("monitoring_disruption_open{", StringComparison.Ordinal)).ToList();
            var mine = series.FirstOrDefault(l => l.Contains("subject=\"sn.mine\"", StringComparison.Ordinal));
            var lane = series.FirstOrDefault(l => l.Contains("subject=\"sn.lane.mine-port\"", StringComparison.Ordinal));
            return mine is not null && lane is not null ? new[] { mine, lane } : null;
        }, Deadline, "the series of the mine's disruption and of the lane it blocks");

        Assert.Contains("subject_kind=\"mine\"", lines[0]);
        Assert.Contains("kind=\"declared\"", lines[0]);
        Assert.Contains("commodity=\"sn\"", lines[0]);
        Assert.Contains("from_node=\"sn.mine\"", lines[1]);
        Assert.Contains("to_node=\"sn.port\"", lines[1]);
        Assert.Contains("subject_kind=\"lane\"", lines[1]);
        Assert.Contains("kind=\"lane_blocked\"", lines[1]);

        await gateway.Feed.PublishAsync(Batch("catalog-feed-2", 2, Declare("sn.mine", "catalog-flood", clear: true)));
        await Poll.UntilAsync(async () => !(await gateway.Http.GetStringAsync("/metrics")).Contains("subject=\"sn.mine\"", StringComparison.Ordinal), Deadline, "the series to go once cleared");
    }

    [Fact]
    public async Task Scrapes_and_probes_are_left_out_of_the_http_metrics_while_api_calls_are_counted()
    {
        foreach (var path in new[] { "/metrics", "/healthz", "/readyz", "/metrics" }) (await gateway.Http.GetAsync(path)).EnsureSuccessStatusCode();
        (await gateway.Http.GetAsync("/api/v1/overview")).EnsureSuccessStatusCode();

        var routes = await Poll.UntilAsync(async () =>
        {
            var found = HttpRoutes(await gateway.Http.GetStringAsync("/metrics"));
            return found.Any(r => r.Contains("overview", StringComparison.Ordinal)) ? found : null;
        }, Deadline, "the overview call in http_server_request_duration_seconds");

        Assert.DoesNotContain("/metrics", routes);
        Assert.DoesNotContain("/healthz", routes);
        Assert.DoesNotContain("/readyz", routes);
    }

    [Fact]
    public async Task Scope_info_is_off_so_series_carry_no_otel_scope_labels()
    {
        var text = await gateway.Http.GetStringAsync("/metrics");

        Assert.Contains("monitoring_", text);
        Assert.DoesNotContain("otel_scope_name", text);
    }

    [Fact]
    public async Task Nodes_by_status_count_a_node_of_two_commodities_once()
    {
        await gateway.Feed.PublishAsync(Batch("nodes-feed", 1, Declare("ws.port", "nodes-strike")));

        // The gauge agrees with the nodes themselves: ws.port (tungsten and tin) is one disrupted node, not two.
        var (gauge, disrupted) = await Poll.UntilAsync(async () =>
        {
            var statuses = await Task.WhenAll(AlertingFixture.NodeIds.Select(async id => (id, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = id })).Status)));
            var down = statuses.Where(s => s.Status == OperationalStatus.Disrupted).Select(s => s.id).ToList();
            var nodes = await NodesAsync();
            return down.Contains("ws.port") && nodes["disrupted"] == down.Count ? Tuple.Create(nodes, down) : null;
        }, Deadline, "monitoring_nodes to count the disrupted nodes");
        Assert.Equal(AlertingFixture.NodeIds.Count, gauge.Values.Sum());
        Assert.Equal(AlertingFixture.NodeIds.Count - disrupted.Count, gauge["operational"] + gauge["degraded"] + gauge["unknown"]);

        await gateway.Feed.PublishAsync(Batch("nodes-feed", 2, Declare("ws.port", "nodes-strike", clear: true)));
    }

    [Fact]
    public async Task A_feed_age_counts_from_its_last_batch_at_this_gateway_without_waiting_for_the_cluster_refresh()
    {
        await gateway.Feed.PublishAsync(Batch("age-feed", 1, Output("sn.mine", 80)));

        // The cluster's feed directory is read every 15 s; this gateway's own record shows the feed at once.
        var age = await Poll.UntilAsync(async () => Series(await gateway.Http.GetStringAsync("/metrics"), "monitoring_feed_age_seconds", "feed=\"age-feed\"") is { } value ? (object)value : null,
            TimeSpan.FromSeconds(5), "the new feed's age");
        Assert.InRange((double)age, 0, 5);
    }

    [Fact]
    public async Task Time_to_acknowledge_is_recorded_for_the_first_acknowledgement_only()
    {
        await gateway.Feed.PublishAsync(Batch("ack-feed", 1, Declare("sn.mine", "ack-landslide")));
        var id = await Poll.UntilAsync(async () =>
            (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "sn.mine", Kind = DisruptionKind.Declared })).Disruptions.FirstOrDefault(d => d.ReportId == "ack-landslide")?.Id,
            Deadline, "the declared disruption of sn.mine");
        var before = Series(await gateway.Http.GetStringAsync("/metrics"), "monitoring_disruption_time_to_acknowledge_seconds_count", "") ?? 0;

        await gateway.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = id, Note = "first" }, GatewayFixture.Admin);
        await gateway.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = id, Note = "again, with more" }, GatewayFixture.Admin);

        Assert.Equal(before + 1, Series(await gateway.Http.GetStringAsync("/metrics"), "monitoring_disruption_time_to_acknowledge_seconds_count", ""));
        await gateway.Feed.PublishAsync(Batch("ack-feed", 2, Declare("sn.mine", "ack-landslide", clear: true)));
    }

    private async Task<Dictionary<string, double>> NodesAsync()
    {
        var text = await gateway.Http.GetStringAsync("/metrics");
        return new[] { "operational", "degraded", "disrupted", "unknown" }.ToDictionary(s => s, s => Series(text, "monitoring_nodes", $"status=\"{s}\"") ?? -1);
    }

    /// <summary>The value of the first series of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    private static double? Series(string exposition, string name, string label)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) && !line.StartsWith(name + " ", StringComparison.Ordinal)) continue;
            if (!line.Contains(label, StringComparison.Ordinal)) continue;
            return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>Label names per metric family (histogram series folded into their family, without le).</summary>
    private static Dictionary<string, HashSet<string>> LabelNames(string exposition)
    {
        var result = new Dictionary<string, HashSet<string>>();
        foreach (Match m in SeriesLine().Matches(exposition))
        {
            var family = MetricsCatalog.Family(m.Groups["name"].Value);
            if (!result.TryGetValue(family, out var names)) result[family] = names = [];
            foreach (Match label in LabelName().Matches(m.Groups["labels"].Value))
            {
                if (label.Groups[1].Value != "le") names.Add(label.Groups[1].Value);
            }
        }
        return result;
    }

    [GeneratedRegex(@"^(?<name>monitoring_[a-z_]+)(?:\{(?<labels>[^}]*)\})? ", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"([a-z_]+)=""")]
    private static partial Regex LabelName();

    private static Dictionary<string, string> Types(string exposition) =>
        TypeLine().Matches(exposition).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);

    private static HashSet<string> HttpRoutes(string exposition) =>
        RouteLabel().Matches(exposition).Select(m => m.Groups["route"].Value).ToHashSet();

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^http_server_request_duration_seconds_count\{[^}]*http_route=""(?<route>[^""]*)""", RegexOptions.Multiline)]
    private static partial Regex RouteLabel();
}
