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
    /// from day 30 to day 60; Houston, 19 days away, from day 19 to day 49. Before, both were cut at the outage's end.
    /// </summary>
    [Fact]
    public void An_outage_reaches_a_port_a_voyage_away_after_the_voyage_and_lasts_as_long_as_the_outage()
    {
        var stress = StressTester.Run(ScenarioNetwork.Of("cu"), new StressScenario(["port.cl.angamos"], [], 30), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        var shanghai = stress.Downstream.Single(d => d.NodeId == "port.cn.shanghai");
        Assert.Equal((30, 60), (shanghai.ShortfallStartsDay, shanghai.ShortfallEndsDay));
        Assert.True(shanghai.ShortfallTonnesPerDay > 0);
        var houston = stress.Downstream.Single(d => d.NodeId == "port.us.houston");
        Assert.Equal((19, 49), (houston.ShortfallStartsDay, houston.ShortfallEndsDay));
        Assert.Equal(Math.Max(0, houston.ShortfallTonnesPerDay * 30 - houston.InventoryTonnes), houston.ShortTonnes, 1e-6);
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
