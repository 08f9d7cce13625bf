using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Monitoring.Tests.Alerting;

/// <summary>deploy/prometheus: the configuration and the rules as promtool sees them, and the rules' own tests.</summary>
public sealed class PrometheusRulesTests
{
    private static readonly string Directory = RepoPaths.Deploy("prometheus");

    [Theory]
    [InlineData("prometheus.yml")]
    [InlineData("prometheus.local.yml")]
    public async Task Promtool_accepts_the_configuration_and_its_rule_file(string config)
    {
        var result = await ExternalTool.RunAsync("promtool", ["check", "config", config], Directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("rules found", result.Output);
    }

    [Fact]
    public async Task The_alert_rule_unit_tests_pass_in_promtool()
    {
        var result = await ExternalTool.RunAsync("promtool", ["test", "rules", Path.Combine("tests", "alerts.test.yml")], Directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Output);
    }

    [Fact]
    public void Every_alert_is_tested_both_firing_and_not_firing()
    {
        var alerts = Alerts().Select(a => a.Name).ToList();
        var tests = Load(Path.Combine(Directory, "tests", "alerts.test.yml"));
        var cases = ((YamlSequenceNode)tests["tests"]).Children.Cast<YamlMappingNode>()
            .SelectMany(t => t.Children.TryGetValue(new YamlScalarNode("alert_rule_test"), out var list) ? ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>() : [])
            .Select(c => (Alert: Scalar(c, "alertname"), Fires: ((YamlSequenceNode)c["exp_alerts"]).Children.Count > 0))
            .ToList();

        Assert.Equal(11, alerts.Intersect(["CriticalIncidentOpen", "IncidentSurge", "IncidentOpen", "ResilienceScoreLow", "StageCapacityLow", "ConcentrationBreach",
            "FeedSilent", "IngestRejectRateHigh", "DetectionLatencyHigh", "GatewayDown", "SiloDown"]).Count());
        foreach (var alert in alerts)
        {
            Assert.True(cases.Any(c => c.Alert == alert && c.Fires), $"{alert} has no test where it fires");
            Assert.True(cases.Any(c => c.Alert == alert && !c.Fires), $"{alert} has no test where it does not fire");
        }
    }

    [Fact]
    public void Every_alert_has_a_for_a_severity_a_team_and_annotations_pointing_at_its_runbook_section()
    {
        var runbook = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "runbook.md"))
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => "docs/runbook.md#" + Regex.Replace(l[3..].Trim().ToLowerInvariant(), @"[^a-z0-9 -]", "").Replace(' ', '-'))
            .ToHashSet();

        foreach (var alert in Alerts())
        {
            Assert.True(alert.Rule.Children.ContainsKey(new YamlScalarNode("for")), $"{alert.Name} has no for:");
            var labels = (YamlMappingNode)alert.Rule["labels"];
            Assert.True(labels.Children.ContainsKey(new YamlScalarNode("team")), $"{alert.Name} has no team label");
            // Per-incident alerts take the severity of the incident from the series.
            var severity = labels.Children.TryGetValue(new YamlScalarNode("severity"), out var s) ? ((YamlScalarNode)s).Value : null;
            Assert.True(severity is "critical" or "warning" or "info" || Regex.IsMatch(Scalar(alert.Rule, "expr"), @"by \([^)]*\bseverity\b"), $"{alert.Name} has no severity");
            var annotations = (YamlMappingNode)alert.Rule["annotations"];
            Assert.False(string.IsNullOrWhiteSpace(Scalar(annotations, "summary")), $"{alert.Name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(Scalar(annotations, "description")), $"{alert.Name} has no description");
            var section = Scalar(annotations, "runbook_url");
            Assert.Contains(section, runbook);
            Assert.Contains($"Runbook: {section}.", Scalar(annotations, "description"));
        }
    }

    public static IReadOnlyList<(string Name, YamlMappingNode Rule)> Alerts() =>
        ((YamlSequenceNode)Load(Path.Combine(Directory, "alerts.yml"))["groups"]).Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>())
            .Where(r => r.Children.ContainsKey(new YamlScalarNode("alert")))
            .Select(r => (Scalar(r, "alert"), r))
            .ToList();

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";
}
