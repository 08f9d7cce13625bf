using Monitoring.Contracts;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;

namespace Monitoring.Tests.Unit.Indicators;

public sealed class CandidateRulesTests
{
    private const string Yaml = """
        name: mini
        commodities:
          - {code: cu, name: Copper, unit: t}
        nodes:
          - id: mine.cl.a
            name: Mine A
            kind: mine
            country: CL
            lat: -24.2
            lon: -69.1
            operator: Miner
            owner: miner
            commodities:
              - {commodity: cu, stage: extraction, capacity_tpd: 1000}
          - id: port.cl.b
            name: Port B
            kind: port
            country: CL
            lat: -23.1
            lon: -70.4
            owner: port-b
            commodities:
              - {commodity: cu, stage: logistics, capacity_tpd: 2000}
        lanes:
          - id: lane.cu.a-b
            from: mine.cl.a
            to: port.cl.b
            commodity: cu
            mode: rail
            baseline_transit_h: 8
            owner: railway
        candidates:
          - id: cand.cu.recycler
            name: Scrap recycler
            kind: new_node
            commodity: cu
            stage: recycling
            country: CL
            capacity_tpd: 50
            cost_musd: 120
            years_to_commission: 2
            to_node_id: port.cl.b
          - id: cand.cu.a-expansion
            name: Mine A expansion
            kind: expansion
            commodity: cu
            node_id: mine.cl.a
            capacity_tpd: 200
            cost_musd: 900
        """;

    private static TopologySpec Load()
    {
        var result = TopologyYaml.Load(Yaml, "mini.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.FormattedIssues));
        return result.Topology!;
    }

    [Fact]
    public void Candidates_section_is_read_and_an_expansion_takes_stage_country_and_operator_from_its_node()
    {
        var candidates = Load().Candidates!;

        Assert.Equal(["cand.cu.recycler", "cand.cu.a-expansion"], candidates.Select(c => c.Id));
        var recycler = candidates[0];
        Assert.Equal((ProjectKind.NewNode, Stage.Recycling, "CL", 50, 120, 2, "port.cl.b"),
            (recycler.Kind, recycler.Stage, recycler.Country, recycler.CapacityTonnesPerDay, recycler.CostMillionUsd, recycler.YearsToCommission, recycler.ToNodeId));
        var expansion = candidates[1];
        Assert.Equal((ProjectKind.Expansion, Stage.Extraction, "CL", "Miner", "mine.cl.a"), (expansion.Kind, expansion.Stage, expansion.Country, expansion.Operator, expansion.NodeId));
    }

    [Theory]
    [InlineData("    capacity_tpd: 50\n", "    capacity_tpd: 0\n", "candidates[0].capacity_tpd", "capacity must be a number > 0")]
    [InlineData("    country: CL\n", "    country: XX\n", "candidates[0].country", "not an ISO 3166-1")]
    [InlineData("    to_node_id: port.cl.b\n", "    to_node_id: port.cl.nowhere\n", "candidates[0].to_node_id", "unknown node 'port.cl.nowhere'")]
    [InlineData("    node_id: mine.cl.a\n", "", "candidates[1].node_id", "node_id is required when kind is expansion")]
    [InlineData("  - id: cand.cu.a-expansion\n", "  - id: cand.cu.recycler\n", "candidates[1].id", "duplicate candidate id")]
    [InlineData("  - id: cand.cu.a-expansion\n", "  - id: mine.cl.a\n", "candidates[1].id", "already a node or lane")]
    [InlineData("    kind: new_node\n", "    kind: new_plant\n", "candidates[0].kind", "'new_plant' is not one of: new_node, expansion, new_lane")]
    [InlineData("    cost_musd: 120\n", "    cost_musd: -1\n", "candidates[0].cost_musd", "cost must be a number >= 0")]
    public void Invalid_candidates_are_refused_with_the_field_path_and_line(string find, string replace, string path, string message)
    {
        Assert.Contains(find, Yaml);
        var result = TopologyYaml.Load(Yaml.Replace(find, replace), "mini.yaml");

        Assert.False(result.Succeeded);
        var issue = Assert.Single(result.Issues, i => i.Path == path);
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
        Assert.NotNull(issue.Line);
    }

    [Fact]
    public void An_expansion_of_an_unknown_commodity_is_an_error_not_a_crash()
    {
        var topology = Load();
        var expansion = new CandidateProject("cand.x", "X", ProjectKind.Expansion, "cuu", default, "", "", 5, 1, 1, "mine.cl.a", null, null, 0);

        var issues = CandidateRules.Validate([CandidateRules.Complete(expansion, topology)], topology);

        Assert.Contains(issues, i => i.Path == "candidates[0].commodity" && i.Message.Contains("unknown commodity 'cuu'", StringComparison.Ordinal));
        Assert.False(TopologyYaml.Load(Yaml.Replace("    commodity: cu\n    node_id: mine.cl.a", "    commodity: cuu\n    node_id: mine.cl.a"), "mini.yaml").Succeeded);
    }

    [Fact]
    public void Expansion_stage_must_match_the_node()
    {
        var topology = Load();
        var wrong = topology.Candidates![1] with { Stage = Stage.Processing };

        var issue = Assert.Single(CandidateRules.Validate([wrong], topology));

        Assert.Equal("candidates[0].stage", issue.Path);
        Assert.Contains("extraction stage", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_lane_needs_both_ends_carrying_the_commodity()
    {
        var topology = Load();
        var lane = new CandidateProject("cand.lane", "lane", ProjectKind.NewLane, "cu", default, "", "", 10, 5, 1, null, "port.cl.b", null, 0);

        var issues = CandidateRules.Validate([CandidateRules.Complete(lane, topology)], topology);

        Assert.Equal(["candidates[0].to_node_id"], issues.Select(i => i.Path));
        Assert.Equal(Stage.Logistics, CandidateRules.Complete(lane, topology).Stage);
    }

    [Fact]
    public void Demo_scenario_ships_candidates_for_lithium_copper_recycling_and_rare_earth_separation_outside_china()
    {
        var result = TopologyYaml.LoadFile(RepoPaths.ChileUsScenario);
        Assert.True(result.Succeeded, string.Join("\n", result.FormattedIssues));
        var candidates = result.Topology!.Candidates!;

        Assert.Contains(candidates, c => c.Commodity == "li" && c.Country == "US" && c.Stage == Stage.Processing && c.Kind == ProjectKind.NewNode);
        Assert.Contains(candidates, c => c.Commodity == "cu" && c.Country == "CL" && c.Stage == Stage.Recycling);
        Assert.True(candidates.Count(c => c.Commodity == "ree" && c.Stage == Stage.Processing && c.Country != "CN") >= 2);
        Assert.Contains(candidates, c => c.Kind == ProjectKind.Expansion);
        Assert.Contains(candidates, c => c.Kind == ProjectKind.NewLane);
    }
}
