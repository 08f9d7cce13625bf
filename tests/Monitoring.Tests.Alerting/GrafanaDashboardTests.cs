using System.Text.Json;

namespace Monitoring.Tests.Alerting;

/// <summary>deploy/grafana: the dashboard parses, its queries are valid PromQL, and it uses documented metrics only.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly JsonElement Dashboard = JsonDocument.Parse(File.ReadAllText(RepoPaths.Deploy("grafana", "monitoring-dashboard.json"))).RootElement;

    private static IReadOnlyList<(string Panel, string Expr)> Queries() => Dashboard.GetProperty("panels").EnumerateArray()
        .Where(p => p.TryGetProperty("targets", out _))
        .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))
        .ToList();

    [Fact]
    public void Panels_have_unique_ids_and_the_dashboard_a_stable_uid()
    {
        var ids = Dashboard.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("monitoring-overview", Dashboard.GetProperty("uid").GetString());
    }

    [Fact]
    public async Task Every_query_is_valid_promql()
    {
        // promtool checks expressions inside rule files: each query becomes a recording rule, with
        // Grafana's variables replaced by what they expand to.
        var rules = string.Join("\n", Queries().Select((q, i) =>
            $"      - record: grafana:query_{i}\n        expr: {JsonSerializer.Serialize(q.Expr.Replace("$__rate_interval", "5m").Replace("$commodity", ".*"))}"));
        var file = Path.Combine(Path.GetTempPath(), $"grafana-queries-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, $"groups:\n  - name: grafana\n    rules:\n{rules}\n");
        try
        {
            var result = await ExternalTool.RunAsync("promtool", ["check", "rules", file]);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void It_shows_ingest_rejects_latencies_disruptions_incidents_scores_capacity_and_concentration_from_documented_metrics()
    {
        var used = Queries().SelectMany(q => MetricsCatalog.MetricsIn(q.Expr)).ToHashSet();

        foreach (var metric in used) Assert.True(MetricsCatalog.Documented.ContainsKey(metric), $"{metric} is not in docs/metrics.md");
        Assert.Superset(new HashSet<string> { "monitoring_observations_total", "monitoring_ingest_apply_seconds", "monitoring_detection_latency_seconds", "monitoring_disruptions_active", "monitoring_incidents_open",
            "monitoring_resilience_score", "monitoring_stage_available_capacity_ratio", "monitoring_stage_hhi" }, used);
        Assert.Contains(Queries(), q => q.Expr.Contains("result=\"rejected\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_alert_rules_use_documented_metrics_only()
    {
        foreach (var (alert, rule) in PrometheusRulesTests.Alerts())
        {
            var expr = ((YamlDotNet.RepresentationModel.YamlScalarNode)rule["expr"]).Value!;
            foreach (var metric in MetricsCatalog.MetricsIn(expr)) Assert.True(MetricsCatalog.Documented.ContainsKey(metric), $"{alert} uses {metric}, not in docs/metrics.md");
        }
    }
}
