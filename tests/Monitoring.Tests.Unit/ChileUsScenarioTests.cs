using Monitoring.Contracts;
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
