using Monitoring.Contracts;
using Monitoring.Domain.Topology;

namespace Monitoring.Tests.Unit;

public sealed class TopologyYamlTests
{
    private const string Valid = """
        name: mini
        description: two nodes and a lane
        commodities:
          - {code: cu, name: Copper, unit: t}
        nodes:
          - id: mine.cl.a
            name: Mine A
            kind: mine
            country: CL
            lat: -24.2
            lon: -69.1
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
            report_interval_s: 15
            expected_utilization: 0.7
            commodities:
              - {commodity: cu, stage: logistics, capacity_tpd: 2000}
        lanes:
          - id: lane.cu.a-b
            from: mine.cl.a
            to: port.cl.b
            commodity: cu
            mode: rail
            baseline_transit_h: 8
            capacity_tpd: 900
            owner: railway
        """;

    [Fact]
    public void Valid_document_becomes_a_topology_with_defaults_filled_in()
    {
        var result = TopologyYaml.Load(Valid, "mini.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.FormattedIssues));
        var topology = result.Topology!;
        Assert.Equal("mini", topology.Name);
        Assert.Equal(2, topology.Nodes.Count);
        var mine = topology.Nodes[0];
        Assert.Equal(NodeKind.Mine, mine.Kind);
        Assert.Equal(TopologyDefaults.ReportIntervalSeconds, mine.ReportIntervalSeconds);
        Assert.Equal(TopologyDefaults.ExpectedUtilization, mine.ExpectedUtilization);
        Assert.Equal(TopologyDefaults.RecoveryDays, mine.RecoveryDays);
        Assert.Equal(new NodeCommoditySpec("cu", Stage.Extraction, 1000, 0), mine.Commodities.Single());
        Assert.Equal(15, topology.Nodes[1].ReportIntervalSeconds);
        var lane = topology.Lanes.Single();
        Assert.Equal(TransportMode.Rail, lane.Mode);
        Assert.Equal(TimeSpan.FromHours(8), lane.BaselineTransit);
        Assert.Equal("Mine A → Port B", lane.Name);
    }

    [Theory]
    [InlineData("to: port.cl.b", "to: port.cl.nowhere", 29, "lanes[0].to: unknown node 'port.cl.nowhere'")]
    [InlineData("id: port.cl.b", "id: mine.cl.a", 15, "nodes[1].id: duplicate id 'mine.cl.a' (first used at nodes[0])")]
    [InlineData("country: CL\n    lat: -23.1", "country: XX\n    lat: -23.1", 18, "nodes[1].country: 'XX' is not an ISO 3166-1 alpha-2 country code")]
    [InlineData("capacity_tpd: 1000}", "capacity_tpd: -5}", 14, "nodes[0].commodities[0].capacity_tpd: capacity must be a finite number >= 0 (got -5)")]
    [InlineData("kind: mine", "kind: volcano", 8, "nodes[0].kind: 'volcano' is not one of: mine, brine, concentrator")]
    [InlineData("mode: rail", "mode: teleport", 31, "lanes[0].mode: 'teleport' is not one of: sea, rail")]
    [InlineData("baseline_transit_h: 8", "baseline_transit_h: eight", 32, "lanes[0].baseline_transit_h: 'eight' is not a number")]
    [InlineData("owner: miner", "owner: miner\n    colour: red", 13, "nodes[0].colour: unknown field 'colour'")]
    [InlineData("    commodity: cu\n    mode", "    commodity: li\n    mode", 30, "lanes[0].commodity: unknown commodity 'li'")]
    public void Problems_are_reported_with_line_and_field(string find, string replace, int line, string expected)
    {
        Assert.Contains(find, Valid);
        var result = TopologyYaml.Load(Valid.Replace(find, replace), "mini.yaml");

        Assert.False(result.Succeeded);
        Assert.Null(result.Topology);
        var issue = Assert.Single(result.FormattedIssues, i => i.Contains(expected, StringComparison.Ordinal));
        Assert.StartsWith($"mini.yaml:{line}:", issue);
    }

    [Fact]
    public void Control_shares_are_read_and_checked()
    {
        var owned = TopologyYaml.Load(Valid.Replace("owner: miner", "owner: miner\n    control:\n      - {country: CN, share: 0.51}"), "mini.yaml");
        Assert.True(owned.Succeeded, string.Join("\n", owned.FormattedIssues));
        Assert.Equal([new ControlShare("CN", 0.51)], owned.Topology!.Nodes[0].Control!);

        var wrong = TopologyYaml.Load(Valid.Replace("owner: miner", "owner: miner\n    control:\n      - {country: CN, share: 0.7}\n      - {country: XX, share: 0.5}"), "mini.yaml");
        Assert.Contains("nodes[0].control[1].country: 'XX' is not an ISO 3166-1 alpha-2 country code", wrong.FormattedIssues.Single(i => i.Contains("control[1].country", StringComparison.Ordinal)));
        Assert.Contains(wrong.FormattedIssues, i => i.Contains("nodes[0].control: control shares add up to 1.2, more than 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_field_is_named()
    {
        var result = TopologyYaml.Load(Valid.Replace("    name: Port B\n", ""), "mini.yaml");

        var issue = Assert.Single(result.Issues);
        Assert.Equal("nodes[1].name", issue.Path);
        Assert.Equal("missing field 'name'", issue.Message);
        Assert.Equal(15, issue.Line);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var broken = Valid.Replace("country: CL", "country: cl").Replace("to: port.cl.b", "to: nowhere");

        var result = TopologyYaml.Load(broken, "mini.yaml");

        Assert.Equal(3, result.Issues.Count);
    }

    [Fact]
    public void Syntax_error_points_at_the_line()
    {
        var result = TopologyYaml.Load("name: x\nnodes: [unclosed\n", "bad.yaml");

        var issue = Assert.Single(result.Issues);
        Assert.StartsWith("bad.yaml:", issue.Format("bad.yaml"));
        Assert.Contains("not valid YAML", issue.Message);
    }

    [Fact]
    public void Lane_commodity_must_be_carried_by_both_ends()
    {
        var twoCommodities = Valid.Replace("  - {code: cu, name: Copper, unit: t}", "  - {code: cu, name: Copper, unit: t}\n  - {code: li, name: Lithium, unit: t}")
            .Replace("    commodity: cu\n    mode", "    commodity: li\n    mode");

        var result = TopologyYaml.Load(twoCommodities, "mini.yaml");

        Assert.Contains(result.Issues, i => i.Message == "node 'mine.cl.a' does not carry 'li'");
        Assert.Contains(result.Issues, i => i.Message == "node 'port.cl.b' does not carry 'li'");
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var result = TopologyYaml.LoadFile("/nonexistent/topology.yaml");

        Assert.Contains("cannot read topology file", Assert.Single(result.Issues).Message);
    }

    [Theory]
    [InlineData("CL", true)]
    [InlineData("US", true)]
    [InlineData("cl", false)]
    [InlineData("XX", false)]
    [InlineData("CHL", false)]
    public void Country_codes_are_upper_case_assigned_alpha_2(string code, bool valid) => Assert.Equal(valid, CountryCodes.IsAssigned(code));

    [Fact]
    public void All_249_assigned_country_codes_are_known() => Assert.Equal(249, CountryCodes.Count);

    [Theory]
    [InlineData("flow")]
    [InlineData("block")]
    public void A_document_nested_a_hundred_thousand_deep_is_refused_without_being_built(string style)
    {
        const int depth = 100_000;
        var yaml = style == "flow"
            ? "name: deep\nnodes: " + new string('[', depth) + new string(']', depth) + "\n"
            : "name: deep\nnodes:\n" + string.Concat(Enumerable.Range(1, depth).Select(d => new string(' ', Math.Min(d, 60)) + "- \n"));

        var result = TopologyYaml.Load(yaml);

        Assert.False(result.Succeeded);
        var issue = Assert.Single(result.Issues);
        Assert.Contains("nested deeper than 32 levels", issue.Message);
    }

    [Fact]
    public void Aliases_are_refused_so_no_subtree_is_walked_twice()
    {
        // The shape of a "billion laughs" document: each level refers to the one before it ten times.
        var yaml = "name: laughs\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(0, 9).Select(i => $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat(i == 0 ? "*a" : $"*l{i - 1}", 10))}]\n"));

        var result = TopologyYaml.Load(yaml);

        var issue = Assert.Single(result.Issues);
        Assert.Contains("aliases (*name) are not supported", issue.Message);
        Assert.Equal(3, issue.Line);
    }

    [Fact]
    public void Counts_and_lengths_beyond_the_limits_are_refused_by_their_setting()
    {
        var limits = new TopologyLimits { MaxNodes = 1, MaxTextLength = 200 };

        var tooMany = TopologyYaml.Load(Valid, limits: limits);
        var tooLong = TopologyYaml.Load(Valid.Replace("description: two nodes and a lane", "description: " + new string('x', 201)), limits: limits);

        Assert.Contains(tooMany.Issues, i => i.Path == "nodes" && i.Message.Contains("Topology:Limits:MaxNodes", StringComparison.Ordinal));
        Assert.Contains(tooLong.Issues, i => i.Message.Contains("Topology:Limits:MaxTextLength", StringComparison.Ordinal));
    }
}
