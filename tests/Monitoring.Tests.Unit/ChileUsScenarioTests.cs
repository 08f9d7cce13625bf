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

    /// <summary>
    /// Each country the USGS lists is within one point of its share of world mine production in 2024 (MCS 2025; the
    /// scenario's production is capacity × utilization), the
    /// countries it folds into "other countries" are within one point of that line together, and wherever the USGS has
    /// one of the five largest producers ahead of another, so does the scenario.
    /// </summary>
    [Theory]
    [InlineData("cu")]
    [InlineData("li")]
    [InlineData("mo")]
    [InlineData("ree")]
    public void Extraction_shares_are_within_a_point_of_USGS_MCS_2025(string commodity)
    {
        var reference = UsgsMcs2025.MineProduction[commodity];
        var byCountry = ByCountry(commodity, Stage.Extraction, output: true).Where(c => !reference.Withheld.Contains(c.Key)).ToDictionary();
        var total = byCountry.Values.Sum();
        double Share(string country) => byCountry.GetValueOrDefault(country) / total;

        var off = reference.Countries
            .Where(c => Math.Abs(Share(c.Key) - c.Value / reference.World) > 0.01)
            .Select(c => $"{c.Key} {Share(c.Key):P1} against {c.Value / reference.World:P1}")
            .ToList();
        var other = byCountry.Where(c => !reference.Countries.ContainsKey(c.Key)).Sum(c => c.Value) / total;
        if (Math.Abs(other - reference.Other / reference.World) > 0.01) off.Add($"other countries {other:P1} against {reference.Other / reference.World:P1}");
        Assert.True(off.Count == 0, $"{commodity}: {string.Join("; ", off)}");

        var top = reference.Countries.OrderByDescending(c => c.Value).Take(5).ToList();
        foreach (var (ahead, behind) in top.SelectMany(a => top.Where(b => a.Value > b.Value).Select(b => (a.Key, b.Key))))
            Assert.True(Share(ahead) > Share(behind), $"{commodity}: {ahead} produces more than {behind} in MCS 2025, not in the scenario");
    }

    /// <summary>Copper processing by country follows the USGS's refinery production (within two points: plants run at one utilization).</summary>
    [Fact]
    public void Copper_processing_shares_are_within_two_points_of_USGS_refinery_production()
    {
        var reference = UsgsMcs2025.CopperRefineryProduction;
        var byCountry = ByCountry("cu", Stage.Processing);
        var total = byCountry.Values.Sum();

        var off = reference.Countries
            .Select(c => (c.Key, Actual: byCountry.GetValueOrDefault(c.Key) / total, Expected: c.Value / reference.World))
            .Where(c => Math.Abs(c.Actual - c.Expected) > 0.02)
            .Select(c => $"{c.Key} {c.Actual:P1} against {c.Expected:P1}")
            .ToList();
        Assert.True(off.Count == 0, string.Join("; ", off));
    }

    [Theory]
    [InlineData("cu", Stage.Processing, "JP KR IN CD ZM CN CL US DE PL RU")]
    [InlineData("mo", Stage.Processing, "CN CL US")]
    [InlineData("li", Stage.Processing, "CN CL AR")]
    [InlineData("li", Stage.Manufacturing, "CN KR JP US")]
    [InlineData("ree", Stage.Manufacturing, "CN JP US")]
    public void The_stages_hold_the_refiners_roasters_and_plants_of_these_countries(string commodity, Stage stage, string countries)
    {
        var present = ByCountry(commodity, stage);

        Assert.All(countries.Split(' '), country => Assert.True(present.GetValueOrDefault(country) > 0, $"{commodity} {stage}: nothing in {country}"));
    }

    /// <summary>ICSG's figure is secondary refined copper over all refined copper: here recycling's output over processing's.</summary>
    [Fact]
    public void Copper_recycling_is_within_two_points_of_the_secondary_share_of_refined_copper()
    {
        var recycling = ByCountry("cu", Stage.Recycling, output: true).Values.Sum();
        var refined = ByCountry("cu", Stage.Processing, output: true).Values.Sum();

        Assert.InRange(recycling / refined, UsgsMcs2025.CopperSecondaryShare - 0.02, UsgsMcs2025.CopperSecondaryShare + 0.02);
    }

    [Fact]
    public void Copper_mines_and_plants_run_at_the_ICSG_utilization_so_output_is_2024_production()
    {
        var copper = Scenario.Nodes.Where(n => n.Commodities.Any(c => c.Commodity == "cu" && c.Stage is Stage.Extraction or Stage.Processing)).ToList();

        Assert.All(copper.Where(n => n.Commodities.Any(c => c.Stage == Stage.Extraction)), n => Assert.Equal(0.81, n.ExpectedUtilization));
        Assert.All(copper.Where(n => n.Commodities.Any(c => c.Stage == Stage.Processing)), n => Assert.Equal(0.843, n.ExpectedUtilization));
        var output = ByCountry("cu", Stage.Extraction, output: true).Values.Sum();
        Assert.InRange(output * 365 / 1000, 0.97 * UsgsMcs2025.MineProduction["cu"].World, 1.01 * UsgsMcs2025.MineProduction["cu"].World);
    }

    [Fact]
    public void No_rare_earth_lane_leads_from_Mountain_Pass_to_China_since_April_2025()
    {
        var countries = Scenario.Nodes.ToDictionary(n => n.Id, n => n.Country);
        var reached = new HashSet<string> { "mine.us.mountain-pass" };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var id))
        {
            foreach (var lane in Scenario.Lanes.Where(l => l.Commodity == "ree" && l.FromNodeId == id && reached.Add(l.ToNodeId)))
                queue.Enqueue(lane.ToNodeId);
        }

        Assert.DoesNotContain(reached, id => countries[id] == "CN");
    }

    /// <summary>A stage's capacity by country, or its output (capacity × utilization: what the USGS counts as production).</summary>
    private static Dictionary<string, double> ByCountry(string commodity, Stage stage, bool output = false) => Scenario.Nodes
        .SelectMany(n => n.Commodities.Where(c => c.Commodity == commodity && c.Stage == stage)
            .Select(c => (n.Country, Tonnes: c.CapacityTonnesPerDay * (output ? n.ExpectedUtilization : 1))))
        .GroupBy(e => e.Country)
        .ToDictionary(g => g.Key, g => g.Sum(e => e.Tonnes));

    [Fact]
    public void Every_scripted_demo_incident_has_its_subject_in_the_scenario()
    {
        var ids = Scenario.Nodes.Select(n => n.Id).Concat(Scenario.Lanes.Select(l => l.Id)).ToHashSet();

        Assert.All(DemoScript.ChileUs.Incidents, i => Assert.Contains(i.SubjectId, ids));
    }
}
