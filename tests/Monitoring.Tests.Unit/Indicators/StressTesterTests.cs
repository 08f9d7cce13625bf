using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

public sealed class StressTesterTests
{
    private const double Tolerance = 1e-9;

    /// <summary>Mine M (100 t/d) → 2 days → port P (holds 300 t) → 1 day → consumer C (holds 500 t, uses 100 t/d).</summary>
    private static NetworkBuilder Chain() => new NetworkBuilder()
        .Node("mine.m", Stage.Extraction, "CL", 100, recoveryDays: 14)
        .Node("port.p", Stage.Logistics, "CL", 200, utilization: 0.5)
        .Node("consumer.c", Stage.Consumption, "US", 0, demand: 100)
        .Lane("lane.m-p", "mine.m", "port.p", transitDays: 2)
        .Lane("lane.p-c", "port.p", "consumer.c", transitDays: 1)
        .Condition("port.p", inventory: 300)
        .Condition("consumer.c", inventory: 500);

    /// <summary>
    /// M down for 20 days: what is at sea still lands and what leaves once M is back still sails, so P misses
    /// 100 t/d of arrivals from day 2 to day 22; it runs out on day 2 + 300 / 100 = 5 and is 100 × 20 − 300 =
    /// 1,700 t short. From day 5 to 22 it ships nothing, so C misses arrivals from day 6 to 23, runs out on day
    /// 6 + 500 / 100 = 11 and is 100 × 17 − 500 = 1,200 t short.
    /// </summary>
    [Fact]
    public void Mine_down_runs_out_the_port_then_the_consumer_on_the_days_computed_by_hand()
    {
        var stress = StressTester.Run(Chain().Build(), new StressScenario(["mine.m"], [], 20), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        Assert.Equal(["port.p", "consumer.c"], stress.Downstream.Select(d => d.NodeId));
        var port = stress.Downstream[0];
        Assert.Equal((2, 100, 300), (port.ShortfallStartsDay, port.ShortfallTonnesPerDay, port.InventoryTonnes));
        Assert.Equal(5, port.RunsOutDay!.Value, Tolerance);
        Assert.Equal(1700, port.ShortTonnes, Tolerance);
        Assert.Equal(22, port.ShortfallEndsDay, Tolerance);
        var consumer = stress.Downstream[1];
        Assert.Equal(6, consumer.ShortfallStartsDay, Tolerance);
        Assert.Equal(11, consumer.RunsOutDay!.Value, Tolerance);
        Assert.Equal(1200, consumer.ShortTonnes, Tolerance);
        Assert.Equal(23, consumer.ShortfallEndsDay, Tolerance);

        var extraction = stress.Stages.Single(s => s.Stage == Stage.Extraction);
        Assert.Equal((100, 100, 0), (extraction.CapacityTonnesPerDay, extraction.LostTonnesPerDay, extraction.AvailableRatioDuring));
        Assert.True(stress.ScoreDuring < stress.ScoreBefore, $"{stress.ScoreDuring} < {stress.ScoreBefore}");
    }

    [Fact]
    public void A_short_outage_is_covered_by_inventory_and_reports_no_run_out()
    {
        var stress = StressTester.Run(Chain().Build(), new StressScenario(["mine.m"], [], 2), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        // P misses arrivals from day 2 to day 4, 200 t, and holds 300 t: C never notices.
        var port = Assert.Single(stress.Downstream);
        Assert.Equal("port.p", port.NodeId);
        Assert.Null(port.RunsOutDay);
        Assert.Equal(0, port.ShortTonnes);
    }

    [Fact]
    public void A_lane_down_cuts_supply_at_once_without_the_transit_grace()
    {
        var stress = StressTester.Run(Chain().Build(), new StressScenario([], ["lane.m-p"], 20), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        var port = stress.Downstream.Single(d => d.NodeId == "port.p");
        Assert.Equal(0, port.ShortfallStartsDay);
        Assert.Equal(3, port.RunsOutDay!.Value, Tolerance);
        Assert.Equal(100 * 20 - 300, port.ShortTonnes, Tolerance);
        Assert.Equal(20, port.ShortfallEndsDay, Tolerance);
        // The mine itself keeps its capacity: only the route is down.
        Assert.Equal(0, stress.Stages.Single(s => s.Stage == Stage.Extraction).LostTonnesPerDay);
    }

    [Fact]
    public void A_stress_test_changes_nothing_in_the_network_it_is_given()
    {
        var network = Chain().Build();
        var before = NetworkBuilder.Compute(network);

        StressTester.Run(network, new StressScenario(["mine.m", "port.p"], ["lane.p-c"], 30), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        var after = NetworkBuilder.Compute(network);
        Assert.Equal(before.Score, after.Score);
        Assert.All(network.Nodes, n => Assert.NotEqual(OperationalStatus.Disrupted, n.Status));
        Assert.All(network.Lanes, l => Assert.True(l.IsOpen));
    }

    [Fact]
    public void Depletion_with_losses_starting_on_different_days_is_piecewise()
    {
        // 10 t/d from day 0, another 20 t/d from day 5; 100 t of inventory; 10 days.
        // Day 5: 50 t used; then 30 t/d: the remaining 50 t last 1.667 days. By day 10: 50 + 150 − 100 = 100 t short.
        var (runsOut, shortTonnes) = StressTester.Deplete([new LossStep(0, 10, 10), new LossStep(5, 10, 20)], 100);

        Assert.Equal(5 + 50.0 / 30, runsOut!.Value, Tolerance);
        Assert.Equal(100, shortTonnes, Tolerance);
    }

    [Fact]
    public void A_loss_is_cut_to_the_intake_only_while_others_overlap_it()
    {
        // Intake 10 t/d: 10 t/d missing on days 0–1 and another 10 t/d from day 0.5 to 100. The second counts
        // from day 1, when the first has ended, not never.
        var capped = StressTester.Cap([new LossStep(0, 1, 10), new LossStep(0.5, 100, 10)], 10);

        Assert.Equal([new LossStep(0, 0.5, 10), new LossStep(0.5, 1, 10), new LossStep(1, 100, 10)], capped);
        Assert.Equal(10 * 100, capped.Sum(s => s.TonnesPerDay * (s.EndDay - s.StartDay)), Tolerance);
    }

    [Fact]
    public void Depletion_stops_when_the_missing_arrivals_end()
    {
        // 30 t/d missing from day 0 to day 4 against 100 t: runs out on day 3.33, 20 t short, and no more after day 4.
        var (runsOut, shortTonnes) = StressTester.Deplete([new LossStep(0, 4, 30)], 100);

        Assert.Equal(100.0 / 30, runsOut!.Value, Tolerance);
        Assert.Equal(20, shortTonnes, Tolerance);
        Assert.Equal((null, 0), StressTester.Deplete([new LossStep(0, 3, 30)], 100));
        // Stock that lasts exactly as long as the loss has not run out.
        Assert.Equal((null, 0), StressTester.Deplete([new LossStep(0, 4, 25)], 100));
    }

    /// <summary>
    /// The demo's Angamos outage of 30 days: Shanghai, a 30-day voyage away, misses the copper Angamos would have sent
    /// from day 30 and Houston, 19 days away, from day 19 (before, both were cut at the outage's end: no impact at
    /// Shanghai). Other ports' spare, behind their own voyages, shortens the gap but cannot end it before day 30.
    /// </summary>
    [Fact]
    public void An_outage_reaches_a_port_a_voyage_away_after_the_voyage()
    {
        var stress = StressTester.Run(ScenarioNetwork.Of("cu"), new StressScenario(["port.cl.angamos"], [], 30), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        var shanghai = stress.Downstream.Single(d => d.NodeId == "port.cn.shanghai");
        Assert.Equal(30, shanghai.ShortfallStartsDay);
        Assert.InRange(shanghai.ShortfallEndsDay, 30.000001, 60);
        Assert.True(shanghai.ShortfallTonnesPerDay > 0);
        var houston = stress.Downstream.Single(d => d.NodeId == "port.us.houston");
        Assert.Equal(19, houston.ShortfallStartsDay);
        Assert.InRange(houston.ShortfallEndsDay, 19.000001, 49);
        Assert.True(houston.ShortTonnes > 0);
    }

    /// <summary>
    /// Mine A (80 t/d, 2 days from smelter S) down for 20 days; mine B has 10 t/d spare, 6 days from S. S misses 80 t/d
    /// on days 2–6 and 70 t/d on days 6–22: its 300 t run out on day 2 + 300 / 80 = 5.75, and it is
    /// 80 × 20 − 10 × 16 − 300 = 1,140 t short.
    /// </summary>
    [Fact]
    public void Other_suppliers_make_up_their_spare_after_their_own_voyage()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100, utilization: 0.8)
            .Node("mine.b", Stage.Extraction, "PE", 50, utilization: 0.8)
            .Node("smelter.s", Stage.Processing, "CL", 200, utilization: 0.6)
            .Lane("lane.a-s", "mine.a", "smelter.s", transitDays: 2)
            .Lane("lane.b-s", "mine.b", "smelter.s", transitDays: 6)
            .Condition("smelter.s", inventory: 300)
            .Build();

        var smelter = StressTester.Run(network, new StressScenario(["mine.a"], [], 20), new IndicatorOptions(), DateTimeOffset.UnixEpoch)
            .Downstream.Single(d => d.NodeId == "smelter.s");

        Assert.Equal(10, smelter.SubstitutedTonnesPerDay, Tolerance);
        Assert.Equal(80, smelter.ShortfallTonnesPerDay, Tolerance);
        Assert.Equal((2, 22), (smelter.ShortfallStartsDay, smelter.ShortfallEndsDay));
        Assert.Equal(5.75, smelter.RunsOutDay!.Value, Tolerance);
        Assert.Equal(80 * 20 - 10 * 16 - 300, smelter.ShortTonnes, Tolerance);
    }

    [Fact]
    public void A_port_with_spare_handling_sends_more_only_as_far_as_its_own_suppliers_have_spare()
    {
        // Port Q could handle 500 t/d more, but the only mine behind it runs flat out: nothing to send instead.
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100, utilization: 0.8)
            .Node("mine.b", Stage.Extraction, "PE", 50, utilization: 1)
            .Node("port.q", Stage.Logistics, "PE", 550, utilization: 0.1)
            .Node("smelter.s", Stage.Processing, "CL", 200, utilization: 0.6)
            .Lane("lane.a-s", "mine.a", "smelter.s")
            .Lane("lane.b-q", "mine.b", "port.q")
            .Lane("lane.q-s", "port.q", "smelter.s")
            .Condition("smelter.s", inventory: 0)
            .Build();

        var smelter = StressTester.Run(network, new StressScenario(["mine.a"], [], 10), new IndicatorOptions(), DateTimeOffset.UnixEpoch)
            .Downstream.Single(d => d.NodeId == "smelter.s");

        Assert.Equal(0, smelter.SubstitutedTonnesPerDay);
        Assert.Equal(80, smelter.ShortfallTonnesPerDay, Tolerance);
    }

    [Fact]
    public void Spare_capacity_is_promised_once_across_customers()
    {
        // Mine A feeds two smelters and stops; mine B, linked to both, has 30 t/d spare: the first smelter (by id)
        // gets all of it, the second none.
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100, utilization: 1)
            .Node("mine.b", Stage.Extraction, "PE", 100, utilization: 0.7)
            .Node("smelter.s1", Stage.Processing, "CL", 200, utilization: 0.5)
            .Node("smelter.s2", Stage.Processing, "CL", 200, utilization: 0.5)
            .Lane("lane.a-s1", "mine.a", "smelter.s1")
            .Lane("lane.a-s2", "mine.a", "smelter.s2")
            .Lane("lane.b-s1", "mine.b", "smelter.s1")
            .Lane("lane.b-s2", "mine.b", "smelter.s2")
            .Build();

        var downstream = StressTester.Run(network, new StressScenario(["mine.a"], [], 10), new IndicatorOptions(), DateTimeOffset.UnixEpoch).Downstream;

        Assert.Equal(30, downstream.Sum(d => d.SubstitutedTonnesPerDay), Tolerance);
        Assert.Equal(50 + 50 - 30, downstream.Sum(d => d.ShortfallTonnesPerDay), Tolerance);
    }


    [Fact]
    public void Depletion_that_lasts_the_outage_has_no_run_out_day()
    {
        var (runsOut, shortTonnes) = StressTester.Deplete([new LossStep(1, 10, 10)], 100);

        Assert.Null(runsOut);
        Assert.Equal(0, shortTonnes);
    }

    [Fact]
    public void A_node_never_loses_more_than_it_receives()
    {
        // Port P passes on its whole 100 t/d loss, but its lane to smelter S only carries 50 t/d.
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100)
            .Node("port.p", Stage.Logistics, "CL", 200, utilization: 0.5)
            .Node("smelter.s", Stage.Processing, "CL", 150)
            .Lane("lane.a-p", "mine.a", "port.p", capacity: 200)
            .Lane("lane.p-s", "port.p", "smelter.s", capacity: 50)
            .Condition("port.p", inventory: 0)
            .Condition("smelter.s", inventory: 0)
            .Build();

        var stress = StressTester.Run(network, new StressScenario(["mine.a"], [], 10), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        var smelter = stress.Downstream.Single(d => d.NodeId == "smelter.s");
        Assert.Equal(50, smelter.ShortfallTonnesPerDay, Tolerance);
        // P misses arrivals from day 1 to day 11 and, holding nothing, ships nothing meanwhile: S misses 50 t/d from
        // day 2 to day 12, the whole ten days.
        Assert.Equal((2, 12), (smelter.ShortfallStartsDay, smelter.ShortfallEndsDay));
        Assert.Equal(50 * 10, smelter.ShortTonnes, Tolerance);
    }

    [Fact]
    public void A_cycle_in_the_network_does_not_stop_the_stress_test()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100)
            .Node("smelter.s", Stage.Processing, "CL", 100)
            .Node("recycler.r", Stage.Recycling, "CL", 20)
            .Lane("lane.a-s", "mine.a", "smelter.s", capacity: 100)
            .Lane("lane.s-r", "smelter.s", "recycler.r", capacity: 20)
            .Lane("lane.r-s", "recycler.r", "smelter.s", capacity: 20)
            .Condition("smelter.s", inventory: 100)
            .Condition("recycler.r", inventory: 10)
            .Build();

        var stress = StressTester.Run(network, new StressScenario(["mine.a"], [], 30), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        Assert.Contains(stress.Downstream, d => d.NodeId == "smelter.s" && d.RunsOutDay is not null);
        Assert.Contains(stress.Downstream, d => d.NodeId == "recycler.r");
    }
}
