using Monitoring.Contracts;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;
using Monitoring.Simulator;

namespace Monitoring.Tests.Unit;

/// <summary>The demo scenario is valid and says what its comments claim.</summary>
public sealed class ChileUsScenarioTests
{
    private static readonly TopologySpec Scenario = Load();

    private static TopologySpec Load()
    {
        var result = TopologyYaml.LoadFile(RepoPaths.ChileUsScenario);
        Assert.True(result.Succeeded, string.Join("\n", result.FormattedIssues));
        return result.Topology!;
    }

    [Fact]
    public void Scenario_is_large_enough_and_marked_illustrative()
    {
        Assert.True(Scenario.Nodes.Count >= 60, $"{Scenario.Nodes.Count} nodes");
        Assert.True(Scenario.Lanes.Count >= 60, $"{Scenario.Lanes.Count} lanes");
        Assert.Equal(["cu", "li", "mo", "ree"], Scenario.Commodities.Select(c => c.Code).Order());
        Assert.Contains("ILLUSTRATIVE", Scenario.Description, StringComparison.Ordinal);
        Assert.StartsWith("# Chile", File.ReadAllText(RepoPaths.ChileUsScenario));
    }

    /// <summary>
    /// What an analyst expects of the score: a small US recycler, or a refinery of 1 % of the processing stage in a
    /// country other than its top one, never lowers a commodity's score (before stages weighed by capacity, a
    /// 1 t/d US molybdenum recycler took the score from 72.1 to 68.0).
    /// </summary>
    [Theory]
    [InlineData("cu")]
    [InlineData("li")]
    [InlineData("mo")]
    [InlineData("ree")]
    public void A_small_recycler_or_a_refinery_outside_the_top_country_never_lowers_the_score(string commodity)
    {
        var before = Score(commodity);
        var processing = before.Stages.Single(s => s.Stage == Stage.Processing);
        var country = processing.TopCountry == "US" ? "JP" : "US";

        var recycler = Score(commodity, Added("recycler.test", NodeKind.Recycler, "US", commodity, Stage.Recycling, 1));
        var refinery = Score(commodity, Added("refinery.test", NodeKind.Refinery, country, commodity, Stage.Processing, processing.CapacityTonnesPerDay / 100));

        Assert.True(recycler.Score.Value >= before.Score.Value, $"{commodity}: {before.Score.Value:0.00} → {recycler.Score.Value:0.00} with a 1 t/d recycler");
        Assert.True(refinery.Score.Value >= before.Score.Value, $"{commodity}: {before.Score.Value:0.00} → {refinery.Score.Value:0.00} with a refinery in {country}");
    }

    private static NodeSpec Added(string id, NodeKind kind, string country, string commodity, Stage stage, double capacity) =>
        new(id, id, kind, country, 0, 0, "test", [new NodeCommoditySpec(commodity, stage, capacity, 0)], 0, 30, 60, "test", 0.85);

    private static CommodityIndicators Score(string commodity, NodeSpec? added = null) =>
        IndicatorCalculator.Compute(Indicators.ScenarioNetwork.Of(commodity, added is null ? [] : [added]), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Every_lane_gets_a_name_of_names_and_named_lanes_keep_theirs()
    {
        var named = LaneNames.Complete(Scenario);

        Assert.All(named.Lanes, l => Assert.False(string.IsNullOrWhiteSpace(l.Name), l.Id));
        Assert.Equal("Spence → Puerto Angamos (Mejillones)", named.Lanes.Single(l => l.Id == "lane.cu.spence-angamos").Name);
        foreach (var lane in Scenario.Lanes.Where(l => l.Name.Length > 0))
            Assert.Equal(lane.Name, named.Lanes.Single(l => l.Id == lane.Id).Name);
        Assert.DoesNotContain(named.Lanes, l => l.Name.Contains("port.", StringComparison.Ordinal) || l.Name.Contains("mine.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("port.cl.antofagasta")]
    [InlineData("port.cl.angamos")]
    [InlineData("port.cl.san-antonio")]
    [InlineData("port.cl.valparaiso")]
    [InlineData("port.cl.iquique")]
    [InlineData("port.us.long-beach")]
    [InlineData("port.us.houston")]
    [InlineData("mine.us.mountain-pass")]
    public void Scenario_has_the_named_ports_and_sites(string id) => Assert.Contains(Scenario.Nodes, n => n.Id == id);

    [Fact]
    public void Antofagasta_to_Long_Beach_takes_about_thirteen_days_by_sea()
    {
        var lane = Scenario.Lanes.Single(l => l.Id == "lane.cu.antofagasta-long-beach");

        Assert.Equal(("port.cl.antofagasta", "port.us.long-beach", TransportMode.Sea), (lane.FromNodeId, lane.ToNodeId, lane.Mode));
        Assert.InRange(lane.BaselineTransit.TotalDays, 12, 14);
    }

    [Theory]
    [InlineData("cu", "CL", 0.23)]
    [InlineData("cu", "CD", 0.14)]
    [InlineData("cu", "PE", 0.11)]
    [InlineData("li", "AU", 0.37)]
    [InlineData("li", "CL", 0.20)]
    [InlineData("li", "CN", 0.17)]
    [InlineData("ree", "CN", 0.69)]
    [InlineData("ree", "US", 0.12)]
    [InlineData("ree", "MM", 0.08)]
    [InlineData("mo", "CN", 0.42)]
    [InlineData("mo", "CL", 0.15)]
    public void Extraction_shares_match_USGS_2024_mine_production(string commodity, string country, double share)
    {
        var extraction = Scenario.Nodes
            .SelectMany(n => n.Commodities.Where(c => c.Commodity == commodity && c.Stage == Stage.Extraction).Select(c => (n.Country, c.CapacityTonnesPerDay)))
            .ToList();
        var total = extraction.Sum(e => e.CapacityTonnesPerDay);
        var actual = extraction.Where(e => e.Country == country).Sum(e => e.CapacityTonnesPerDay) / total;

        Assert.InRange(actual, share - 0.02, share + 0.02);
    }

    [Fact]
    public void Every_scripted_demo_incident_has_its_subject_in_the_scenario()
    {
        var ids = Scenario.Nodes.Select(n => n.Id).Concat(Scenario.Lanes.Select(l => l.Id)).ToHashSet();

        Assert.All(DemoScript.ChileUs.Incidents, i => Assert.Contains(i.SubjectId, ids));
    }
}
