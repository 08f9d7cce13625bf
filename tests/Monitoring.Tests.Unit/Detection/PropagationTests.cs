using Monitoring.Contracts;
using Monitoring.Domain.Detection;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>Status changes travel along lanes: LANE_BLOCKED, UPSTREAM_EXPOSURE, cascades and recovery.</summary>
public sealed class PropagationTests
{
    // mine → smelter → port → plant: three hops downstream of the mine.
    private static DetectionNetwork Chain() => new(
        TestTopologies.Line(48, TestTopologies.Mine("mine"), TestTopologies.Smelter("smelter"), TestTopologies.Port("port"), TestTopologies.Plant("plant")));

    /// <summary>Inventory for this many days of the shortfall when the inbound lane (1,500 t/d) stops, capped by the node's own use.</summary>
    private static void Cover(DetectionNetwork n, string node, double days, double dailyUse) => n.Reading(node, Metric.InventoryT, days * Math.Min(1500, dailyUse));

    [Fact]
    public void A_disruption_cascades_three_hops_while_cover_is_short_and_everything_clears_on_recovery()
    {
        var n = Chain();
        // Days of cover against each node's daily throughput (capacity × 0.8) or demand.
        Cover(n, "smelter", 4, 800);
        Cover(n, "port", 3, 1600);
        Cover(n, "plant", 8, 500);

        n.Report("mine", "landslide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10), "pit wall failure");

        Assert.Equal(OperationalStatus.Disrupted, n.Status("mine"));
        Assert.NotNull(n.Active("mine:smelter", DisruptionKind.LaneBlocked));
        var smelter = n.Active("smelter", DisruptionKind.UpstreamExposure)!;
        Assert.Equal(Severity.Critical, smelter.Severity);
        Assert.Contains("mine: declared accident: pit wall failure", smelter.Summary);
        // Blocked by its origin; the port at its end is short of supply, which does not stop ships unloading.
        Assert.Equal(["origin"], n.AllActive("smelter:port", DisruptionKind.LaneBlocked).Select(d => d.Summary.Split(" disrupted")[0]));
        Assert.Equal(Severity.Critical, n.Active("port", DisruptionKind.UpstreamExposure)!.Severity);
        Assert.NotNull(n.Active("port:plant", DisruptionKind.LaneBlocked));
        var plant = n.Active("plant", DisruptionKind.UpstreamExposure)!;
        Assert.Equal(Severity.Critical, plant.Severity);
        // The root cause travels unchanged: every hop names the mine's disruption and its expected end.
        Assert.Contains("mine--declared-1", plant.Evidence[0].Note);
        Assert.Equal(10, plant.EstimatedTimeToRecover!.Value.TotalDays, 6);

        n.ClearReport("mine", "landslide");

        foreach (var subject in new[] { "mine", "mine:smelter", "smelter", "smelter:port", "port", "port:plant", "plant" })
        {
            Assert.Empty(n.Active(subject));
        }
    }

    [Fact]
    public void Cover_close_to_the_outage_stops_the_cascade_at_a_warning()
    {
        var n = Chain();
        Cover(n, "smelter", 15, 800);

        n.Report("mine", "landslide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10));

        Assert.Equal(Severity.Warning, n.Active("smelter", DisruptionKind.UpstreamExposure)!.Severity);
        Assert.Equal(OperationalStatus.Degraded, n.Status("smelter"));
        Assert.Empty(n.Active("smelter:port"));
        Assert.Empty(n.Active("plant"));
    }

    [Fact]
    public void Cover_well_beyond_the_outage_is_only_information_and_leaves_the_node_operational()
    {
        var n = Chain();
        Cover(n, "smelter", 30, 800);

        n.Report("mine", "landslide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10));

        var exposure = n.Active("smelter", DisruptionKind.UpstreamExposure)!;
        Assert.Equal(Severity.Info, exposure.Severity);
        Assert.Equal(["mine--declared-1"], exposure.RootCauseIds);
        Assert.Equal(OperationalStatus.Operational, n.Status("smelter"));
        Assert.Empty(n.Active("smelter:port"));
    }

    [Fact]
    public void Exposure_escalates_as_the_expected_end_outlasts_a_shrinking_inventory_and_eases_as_it_nears()
    {
        var n = Chain();
        Cover(n, "smelter", 6, 800);
        n.Report("mine", "landslide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(5));
        Assert.Equal(Severity.Warning, n.Active("smelter", DisruptionKind.UpstreamExposure)!.Severity);

        Cover(n, "smelter", 4, 800);
        Assert.Equal(Severity.Critical, n.Active("smelter", DisruptionKind.UpstreamExposure)!.Severity);

        // Two days later only three days remain; four days of cover outlast that by more than 10 %.
        n.Advance(TimeSpan.FromDays(2));
        Assert.Equal(Severity.Warning, n.Active("smelter", DisruptionKind.UpstreamExposure)!.Severity);
    }

    [Fact]
    public void Losing_one_of_several_suppliers_is_judged_on_the_supply_lost_not_the_whole_throughput()
    {
        // Two mines feed one port through lanes of 1,500 t/d; the port handles 2,000 × 0.8 = 1,600 t/d.
        var topology = new TopologySpec("two", "", [new CommoditySpec("cu", "Copper", "t")],
            [TestTopologies.Mine("a"), TestTopologies.Mine("b"), TestTopologies.Port("p")],
            [TestTopologies.Lane("a:p", "a", "p", hours: 24), TestTopologies.Lane("b:p", "b", "p", hours: 24) with { CapacityTonnesPerDay = 400 }]);
        var n = new DetectionNetwork(topology);
        n.Reading("p", Metric.InventoryT, 4000);

        n.Report("b", "strike", Cause.Strike, Severity.Critical, TimeSpan.FromDays(5));
        // 4,000 t against the 400 t/d lost from b: ten days, twice the five the strike lasts: information only.
        var fromB = n.Active("p", DisruptionKind.UpstreamExposure)!;
        Assert.Equal((Severity.Info, 10.0), (fromB.Severity, fromB.Evidence[^1].Value));

        n.Report("a", "flood", Cause.Weather, Severity.Critical, TimeSpan.FromDays(5));
        // Both lost: 1,900 t/d, capped at the 1,600 t/d the port handles: 2.5 days — both exposures are critical now.
        Assert.All(n.AllActive("p", DisruptionKind.UpstreamExposure), e => Assert.Equal(Severity.Critical, e.Severity));
        Assert.Equal(2.5, n.AllActive("p", DisruptionKind.UpstreamExposure).First().Evidence[^1].Value, 9);
    }

    [Fact]
    public void A_disrupted_port_blocks_its_inbound_lanes_too()
    {
        var n = Chain();

        n.Report("port", "swell", Cause.Weather, Severity.Critical, TimeSpan.FromDays(2));

        Assert.Equal("destination", n.Active("smelter:port", DisruptionKind.LaneBlocked)!.Summary.Split(" disrupted")[0]);
        Assert.NotNull(n.Active("port:plant", DisruptionKind.LaneBlocked));
        // The blocked inbound lane leads back to the port itself: no exposure from its own cause.
        Assert.Null(n.Active("port", DisruptionKind.UpstreamExposure));
    }

    [Fact]
    public void A_cycle_does_not_keep_a_disruption_alive()
    {
        // Nodes without demand, so short cover exposes them without a low-inventory disruption of their own.
        var nodes = new[] { TestTopologies.Smelter("a"), TestTopologies.Port("b"), TestTopologies.Smelter("c") };
        var topology = TestTopologies.Line(24, nodes) is var line
            ? line with { Lanes = [.. line.Lanes, TestTopologies.Lane("c:a", "c", "a", hours: 24)] }
            : line;
        var n = new DetectionNetwork(topology);
        foreach (var node in nodes) n.Reading(node.Id, Metric.InventoryT, 10);

        n.Report("b", "fire", Cause.Accident, Severity.Critical, TimeSpan.FromDays(3));
        Assert.Equal(OperationalStatus.Disrupted, n.Status("c"));
        Assert.Equal(OperationalStatus.Disrupted, n.Status("a"));

        n.ClearReport("b", "fire");

        Assert.All(new[] { "a", "b", "c", "a:b", "b:c", "c:a" }, id => Assert.Empty(n.Active(id)));
    }

    [Fact]
    public void Individual_readings_do_not_travel_only_status_changes_do()
    {
        var n = Chain();
        n.Report("mine", "landslide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10));
        var signals = n.NodeState("mine").LastSignal!.Sequence;

        for (var i = 0; i < 20; i++) n.Reading("mine", Metric.OutputTpd, 800);

        Assert.Equal(signals, n.NodeState("mine").LastSignal!.Sequence);
    }

    [Fact]
    public void A_loop_downstream_of_the_root_does_not_keep_its_cause_alive()
    {
        // r → a, and a ⇄ b: the root r is not on the loop.
        var topology = new TopologySpec("loop", "", [new CommoditySpec("cu", "Copper", "t")],
            [TestTopologies.Mine("r"), TestTopologies.Smelter("a"), TestTopologies.Smelter("b")],
            [TestTopologies.Lane("r:a", "r", "a", hours: 24), TestTopologies.Lane("a:b", "a", "b", hours: 24), TestTopologies.Lane("b:a", "b", "a", hours: 24)]);
        var n = new DetectionNetwork(topology);
        n.Reading("a", Metric.InventoryT, 100);
        n.Reading("b", Metric.InventoryT, 100);

        n.Report("r", "slide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10));
        Assert.Equal(OperationalStatus.Disrupted, n.Status("a"));
        Assert.Equal(OperationalStatus.Disrupted, n.Status("b"));

        n.ClearReport("r", "slide");

        Assert.All(new[] { "r", "a", "b", "r:a", "a:b", "b:a" }, id => Assert.Empty(n.Active(id)));
    }

    [Fact]
    public void Only_lanes_of_the_disrupted_commodity_are_blocked()
    {
        // A mine producing copper and molybdenum, with a lane for each.
        var mine = TestTopologies.Mine("m") with { Commodities = [new NodeCommoditySpec("cu", Stage.Extraction, 1000, 0), new NodeCommoditySpec("li", Stage.Extraction, 100, 0)] };
        var plant = TestTopologies.Plant("k") with { Commodities = [new NodeCommoditySpec("cu", Stage.Manufacturing, 500, 500), new NodeCommoditySpec("li", Stage.Manufacturing, 50, 50)] };
        var topology = new TopologySpec("two", "", [new CommoditySpec("cu", "Copper", "t"), new CommoditySpec("li", "Lithium", "t")],
            [mine, plant], [TestTopologies.Lane("cu-lane", "m", "k", hours: 24), TestTopologies.Lane("li-lane", "m", "k", commodity: "li", hours: 24)]);
        var n = new DetectionNetwork(topology, new DetectionOptions { EwmaAlpha = 1 });

        for (var i = 0; i < 3; i++) n.Reading("m", Metric.OutputTpd, 10, "li");

        Assert.Equal(Severity.Critical, n.Active("m", DisruptionKind.OutputDrop)!.Severity);
        Assert.NotNull(n.Active("li-lane", DisruptionKind.LaneBlocked));
        Assert.Empty(n.Active("cu-lane"));
        Assert.Equal("li", Assert.Single(n.Active("k")).Commodities.Single());
    }

    [Fact]
    public void A_signal_from_a_lane_that_does_not_lead_to_the_node_is_ignored()
    {
        var n = Chain();
        var signal = new ImpairmentSignal("stray-lane", 1, true,
            [new RootCause("x", "X", "x--declared-1", DisruptionKind.Declared, n.Now.AddDays(3), "fire", ["cu"], [])], null);
        var plant = new NodeMonitor(n.NodeState("plant"), RuleThresholds.Defaults, n.Options, n.Clock);

        Assert.False(plant.OnUpstream("stray-lane", signal));
        Assert.Empty(n.NodeState("plant").Upstream);
    }

    [Fact]
    public void Zero_inventory_past_the_expected_end_neither_spins_nor_eases()
    {
        var n = Chain();
        n.Reading("smelter", Metric.InventoryT, 0);
        n.Reading("mine", Metric.OutputTpd, 100);
        n.Reading("mine", Metric.OutputTpd, 100);
        n.Reading("mine", Metric.OutputTpd, 100);
        Assert.Equal(Severity.Critical, n.Active("smelter", DisruptionKind.UpstreamExposure)!.Severity);

        // The output drop outlives the mine's 14 recovery days; the harness throws if a check stays due.
        n.Advance(TimeSpan.FromDays(20));

        Assert.Equal(Severity.Critical, n.Active("smelter", DisruptionKind.UpstreamExposure)!.Severity);
    }

    [Fact]
    public void A_blocked_lane_follows_its_root_causes_even_when_its_summary_reads_the_same_and_remembers_the_one_it_lost()
    {
        var n = Chain();
        n.Report("mine", "r1", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10), "pit wall failure");
        n.Report("mine", "r2", Cause.Power, Severity.Critical, TimeSpan.FromDays(10), "grid down");
        var before = n.Active("mine:smelter", DisruptionKind.LaneBlocked)!;
        Assert.Equal(["mine--declared-1", "mine--declared-2"], before.RootCauseIds);

        // r2 ends and r3 starts in one batch: the lane's summary still names r1 "(+1 more)", its roots changed.
        n.Apply("mine", reports:
        [
            new DisruptionReport(0, n.Now, "r2", Cause.Power, Severity.Critical, null, "", true),
            new DisruptionReport(0, n.Now, "r3", Cause.Strike, Severity.Critical, TimeSpan.FromDays(10), "miners out", false),
        ]);

        var after = n.Active("mine:smelter", DisruptionKind.LaneBlocked)!;
        Assert.Equal(before.Summary, after.Summary);
        Assert.Equal(["mine--declared-1", "mine--declared-3"], after.RootCauseIds);
        Assert.Equal(["mine--declared-2"], after.FormerRootCauseIds);
    }
}
