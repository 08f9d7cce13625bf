using Monitoring.Contracts;
using Monitoring.Domain.Detection;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>
/// A Chilean copper mine's molybdenum comes out of its copper ore: the mine's 1,000 t/d of copper (baseline 800 at
/// 0.8 utilization) carry 20 t/d of molybdenum, 0.02 t per tonne. When the copper output drops, so does the
/// molybdenum, in detection and in the indicators.
/// </summary>
public sealed class ByproductTests
{
    private const string Mine = "m";

    private static NodeSpec MineSpec() => TestTopologies.Mine(Mine) with
    {
        Commodities = [new NodeCommoditySpec("cu", Stage.Extraction, 1000, 0), new NodeCommoditySpec("mo", Stage.Extraction, 20, 0, ByproductOf: "cu")],
    };

    private static DetectionNetwork Network()
    {
        var topology = TestTopologies.Line(100, MineSpec(), TestTopologies.Port("p"));
        return new DetectionNetwork(topology with { Commodities = [.. topology.Commodities, new CommoditySpec("mo", "Molybdenum", "t")] },
            new DetectionOptions { EwmaAlpha = 1, Thresholds = { [RuleThresholds.MinimumOpenSeconds] = 0 } });
    }

    [Fact]
    public void A_copper_output_drop_at_the_mine_is_a_molybdenum_one_too_and_its_output_follows_the_copper()
    {
        var n = Network();
        Assert.Equal(0.02, MineSpec().ByproductRatio("mo")!.Value, 9);

        for (var i = 0; i < 3; i++) n.Reading(Mine, Metric.OutputTpd, 200);

        var drop = n.Active(Mine, DisruptionKind.OutputDrop)!;
        Assert.Equal(Severity.Critical, drop.Severity);
        Assert.Equal(["cu", "mo"], drop.Commodities);
        // The molybdenum network sees the mine disrupted, making 200 × 0.02 = 4 t/d.
        var mo = n.Indicators("mo");
        var node = mo.Nodes.Single(x => x.NodeId == Mine);
        Assert.Equal(OperationalStatus.Disrupted, node.Status);
        Assert.Equal(4, node.OutputTonnesPerDay, 9);
        Assert.Equal(0, mo.Stages.Single(s => s.Stage == Stage.Extraction).AvailableRatio, 9);
    }

    [Fact]
    public void A_byproduct_must_name_another_primary_commodity_of_its_node()
    {
        var mine = TestTopologies.Mine(Mine) with
        {
            Commodities = [new NodeCommoditySpec("cu", Stage.Extraction, 1000, 0), new NodeCommoditySpec("mo", Stage.Extraction, 20, 0, ByproductOf: "li")],
        };
        var topology = TestTopologies.Line(100, mine) with { Commodities = [new CommoditySpec("cu", "Copper", "t"), new CommoditySpec("mo", "Molybdenum", "t"), new CommoditySpec("li", "Lithium", "t")] };

        var issue = Assert.Single(Monitoring.Domain.Topology.TopologyValidator.Validate(topology));
        Assert.Equal("nodes[0].commodities[1].byproduct_of", issue.Path);
        Assert.Equal("'li' is not another commodity of this node", issue.Message);
    }

    [Fact]
    public void A_byproduct_comes_after_its_primary_a_ratio_needs_one_and_control_names_other_countries()
    {
        var topology = TestTopologies.Line(100, TestTopologies.Mine(Mine) with
        {
            Commodities = [new NodeCommoditySpec("li", Stage.Extraction, 20, 0, ByproductOf: "cu"), new NodeCommoditySpec("cu", Stage.Extraction, 1000, 0, ByproductRatio: 0.5)],
            Control = [new ControlShare("CL", 0.4)],
        });

        var issues = Monitoring.Domain.Topology.TopologyValidator.Validate(topology).Select(i => $"{i.Path}: {i.Message}").ToList();

        Assert.Contains("nodes[0].commodities[0].byproduct_of: a node's first commodity is its primary one: list the by-product after it", issues);
        Assert.Contains("nodes[0].commodities[1].ratio: a ratio needs byproduct_of (the commodity it is a by-product of)", issues);
        Assert.Contains("nodes[0].control: list only owners from other countries: what they leave is CL's", issues);
    }
}
