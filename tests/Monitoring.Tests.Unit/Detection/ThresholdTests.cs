using Monitoring.Domain.Detection;
using Monitoring.Domain.Topology;

namespace Monitoring.Tests.Unit.Detection;

public sealed class ThresholdTests
{
    [Fact]
    public void Defaults_follow_the_design_table()
    {
        var t = RuleThresholds.Defaults;
        Assert.Equal(new Band(0.6, 0.3, 0.75, HighIsBad: false), t.OutputDrop);
        Assert.Equal(new Band(7, 3, 10, HighIsBad: false), t.InventoryLow);
        Assert.Equal(new Band(1.25, 2.0, 1.10, HighIsBad: true), t.LaneDelay);
        Assert.Equal((3, 3.0, 0.5, 5.0), (t.OutputDropReadingsNeeded, t.FeedSilentReports, t.AnomalySlack, t.AnomalyDecision));
    }

    [Fact]
    public void Configuration_then_node_kind_then_the_subject_itself_win_in_that_order()
    {
        var options = new DetectionOptions
        {
            Thresholds = { [RuleThresholds.OutputDropFireBelow] = 0.55, [RuleThresholds.MinimumOpenSeconds] = 30 },
            KindThresholds = { ["port"] = new() { [RuleThresholds.OutputDropFireBelow] = 0.5, [RuleThresholds.OutputDropReadings] = 5 } },
        };
        var port = TestTopologies.Port("p") with { Thresholds = new Dictionary<string, double> { [RuleThresholds.OutputDropReadings] = 2 } };

        var forPort = NodeMonitor.ThresholdsFor(port, options);
        var forMine = NodeMonitor.ThresholdsFor(TestTopologies.Mine("m"), options);

        Assert.Equal((0.5, 2, 30.0), (forPort.OutputDrop.Fire, forPort.OutputDropReadingsNeeded, forPort.MinimumOpenTime.TotalSeconds));
        Assert.Equal((0.55, 3), (forMine.OutputDrop.Fire, forMine.OutputDropReadingsNeeded));
    }

    [Theory]
    [InlineData("output_drop.fire_below", 0.5, "unknown threshold 'output_drop.fire_below'")]
    [InlineData(RuleThresholds.OutputDropFireBelow, 1.5, "output_drop.fire_below_ratio 1.5 is outside 0..1")]
    [InlineData(RuleThresholds.OutputDropReadings, 2.5, "output_drop.consecutive_readings must be a whole number")]
    [InlineData(RuleThresholds.OutputDropClearAbove, 0.5, "output_drop: thresholds must satisfy critical < fire < clear (hysteresis)")]
    [InlineData(RuleThresholds.LaneDelayClearBelow, 1.3, "lane_delay: thresholds must satisfy clear < fire < critical (hysteresis)")]
    public void Bad_thresholds_are_named(string key, double value, string message)
    {
        var issues = RuleThresholds.Validate(new Dictionary<string, double> { [key] = value });
        Assert.Contains(issues, i => i.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_configuration_is_refused_with_the_setting_named()
    {
        var options = new DetectionOptions { KindThresholds = { ["volcano"] = new() { ["min_open_s"] = -1 } }, EwmaAlpha = 0 };

        var problems = options.Problems().ToList();

        Assert.Contains(problems, p => p.StartsWith("Detection:KindThresholds:volcano: not a node kind", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detection:KindThresholds:volcano:min_open_s:", StringComparison.Ordinal));
        Assert.Contains("Detection:EwmaAlpha must be in (0, 1]", problems);
    }

    [Fact]
    public void Topology_thresholds_are_read_and_checked_with_their_line()
    {
        const string yaml = """
            name: t
            commodities: [{code: cu, name: Copper}]
            nodes:
              - id: m
                name: M
                kind: mine
                country: CL
                lat: 0
                lon: 0
                owner: o
                commodities: [{commodity: cu, stage: extraction, capacity_tpd: 10}]
                thresholds:
                  output_drop.consecutive_readings: 5
                  feed_silent.missed_reports: zero
                  min_open_s: -4
            """;

        var result = TopologyYaml.Load(yaml, "t.yaml");

        Assert.Contains("t.yaml:14:35: nodes[0].thresholds.feed_silent.missed_reports: expected a number", result.FormattedIssues);

        var fixedYaml = TopologyYaml.Load(yaml.Replace("zero", "4"), "t.yaml");
        Assert.Contains(fixedYaml.FormattedIssues, i => i.StartsWith("t.yaml:15:", StringComparison.Ordinal) && i.Contains("min_open_s -4 is outside 0..86400"));

        var good = TopologyYaml.Load(yaml.Replace("zero", "4").Replace("-4", "10"), "t.yaml");
        Assert.True(good.Succeeded, string.Join("\n", good.FormattedIssues));
        Assert.Equal(5, good.Topology!.Nodes[0].Thresholds![RuleThresholds.OutputDropReadings]);
    }
}
