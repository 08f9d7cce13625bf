using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

public sealed class SourcingCalculatorTests
{
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Mines CL (100 t/d) and CN (50 t/d). The CL mine ships 60 t/d to a Chinese smelter and 40 t/d to a US one (its
    /// lanes' capacities); the CN mine 50 t/d to the Chinese smelter. The Chinese smelter (120 t/d) sends 30 t/d to US
    /// consumers and 90 t/d to Chinese ones; the US smelter all its 40 t/d to US consumers.
    /// </summary>
    private static SupplyNetwork Network() => new NetworkBuilder()
        .Node("mine.cl", Stage.Extraction, "CL", 100)
        .Node("mine.cn", Stage.Extraction, "CN", 50)
        .Node("smelter.cn", Stage.Processing, "CN", 120)
        .Node("smelter.us", Stage.Processing, "US", 40)
        .Node("consumer.us", Stage.Consumption, "US", 0, demand: 70)
        .Node("consumer.cn", Stage.Consumption, "CN", 0, demand: 90)
        .Lane("lane.cl-cn", "mine.cl", "smelter.cn", capacity: 60)
        .Lane("lane.cl-us", "mine.cl", "smelter.us", capacity: 40)
        .Lane("lane.cn-cn", "mine.cn", "smelter.cn")
        .Lane("lane.scn-us", "smelter.cn", "consumer.us", capacity: 30)
        .Lane("lane.scn-cn", "smelter.cn", "consumer.cn", capacity: 90)
        .Lane("lane.sus-us", "smelter.us", "consumer.us")
        .Build();

    /// <summary>
    /// The US receives 30 + 40 = 70 t/d. Its refined metal is 30 t/d Chinese (3/7) and 40 t/d American (4/7). The
    /// Chinese smelter's ore is 60/110 Chilean and 50/110 Chinese, so the US's ore is 30 × 6/11 + 40 = 56.36 t/d
    /// Chilean (80.5 %) and 30 × 5/11 = 13.64 t/d Chinese (19.5 %). It mines nothing (net import reliance 1) and
    /// refines 40 of its 70 t/d ((70 − 40) / 70 = 0.43).
    /// </summary>
    [Fact]
    public void A_consumer_countrys_supply_is_traced_to_its_origins_stage_by_stage_by_flow_as_computed_by_hand()
    {
        var sourcing = SourcingCalculator.Compute(Network(), "US");

        Assert.Equal((70, 70), (sourcing.ReceivedTonnesPerDay, sourcing.DemandTonnesPerDay));
        Assert.Equal([Stage.Extraction, Stage.Processing], sourcing.Stages.Select(s => s.Stage));
        var ore = sourcing.Stages[0];
        Assert.Equal(["CL", "CN"], ore.Origins.Select(o => o.Country));
        Assert.Equal(30 * 6.0 / 11 + 40, ore.Origins[0].TonnesPerDay, Tolerance);
        Assert.Equal((30 * 6.0 / 11 + 40) / 70, ore.Origins[0].Share, Tolerance);
        Assert.Equal(30 * 5.0 / 11 / 70, ore.Origins[1].Share, Tolerance);
        Assert.Equal((0, 0, 1), (ore.UnattributedShare, ore.DomesticProductionTonnesPerDay, ore.NetImportReliance));
        var metal = sourcing.Stages[1];
        Assert.Equal(["US", "CN"], metal.Origins.Select(o => o.Country));
        Assert.Equal(4.0 / 7, metal.Origins[0].Share, Tolerance);
        Assert.Equal(3.0 / 7, metal.Origins[1].Share, Tolerance);
        Assert.Equal(40, metal.DomesticProductionTonnesPerDay, Tolerance);
        Assert.Equal(30.0 / 70, metal.NetImportReliance, Tolerance);
    }

    [Fact]
    public void A_country_that_consumes_nothing_has_no_sourcing_and_a_loop_back_upstream_does_not_stop_the_walk()
    {
        var network = new NetworkBuilder()
            .Node("mine.cl", Stage.Extraction, "CL", 100)
            .Node("consumer.us", Stage.Consumption, "US", 0, demand: 100)
            .Node("recycler.us", Stage.Recycling, "US", 10)
            .Lane("lane.m-c", "mine.cl", "consumer.us")
            .Lane("lane.c-r", "consumer.us", "recycler.us", capacity: 10)
            .Lane("lane.r-c", "recycler.us", "consumer.us")
            .Build();

        Assert.Empty(SourcingCalculator.Compute(network, "JP").Stages);
        var us = SourcingCalculator.Compute(network, "US");
        Assert.Equal("CL", Assert.Single(us.Stages.Single(s => s.Stage == Stage.Extraction).Origins).Country);
    }

    /// <summary>
    /// Ids in an order that would make a walk by id cut the consumer's only lane: m1 → r1 → p1 → u1 (US) → x1 → r1.
    /// The loop closes through the recycler, and the consumer still gets its refined and manufactured copper.
    /// </summary>
    [Fact]
    public void A_loop_through_recycling_never_cuts_the_consumers_supply_whatever_the_ids()
    {
        var network = new NetworkBuilder()
            .Node("m1", Stage.Extraction, "CL", 100)
            .Node("r1", Stage.Processing, "CN", 100)
            .Node("p1", Stage.Manufacturing, "MX", 100)
            .Node("u1", Stage.Consumption, "US", 0, demand: 100)
            .Node("x1", Stage.Recycling, "US", 10)
            .Lane("l.m1-r1", "m1", "r1")
            .Lane("l.r1-p1", "r1", "p1")
            .Lane("l.p1-u1", "p1", "u1")
            .Lane("l.u1-x1", "u1", "x1", capacity: 10)
            .Lane("l.x1-r1", "x1", "r1")
            .Build();

        var us = SourcingCalculator.Compute(network, "US");

        Assert.Equal(100, us.ReceivedTonnesPerDay, Tolerance);
        Assert.Equal([("CN", 1.0)], us.Stages.Single(s => s.Stage == Stage.Processing).Origins.Select(o => (o.Country, Math.Round(o.Share, 9))));
        Assert.Equal([("MX", 1.0)], us.Stages.Single(s => s.Stage == Stage.Manufacturing).Origins.Select(o => (o.Country, Math.Round(o.Share, 9))));
        // The refinery takes 100 t/d of Chilean ore and 10 t/d of US scrap: its metal is 100/110 Chilean ore.
        Assert.Equal(100.0 / 110, us.Stages.Single(s => s.Stage == Stage.Extraction).Origins.Single().Share, Tolerance);
    }

    /// <summary>
    /// A US port ships US ore (100 t/d) to a Chinese refinery and takes its refined metal back (100 t/d) for US users.
    /// The port keeps ore and metal apart: the users' metal is all refined in China from US ore, not half "US-mined,
    /// unrefined" as a blend of everything the port handles would say.
    /// </summary>
    [Fact]
    public void A_port_keeps_ore_going_out_apart_from_metal_coming_back()
    {
        var network = new NetworkBuilder()
            .Node("mine.us", Stage.Extraction, "US", 100)
            .Node("port.us", Stage.Logistics, "US", 1000)
            .Node("refinery.cn", Stage.Processing, "CN", 100)
            .Node("users.us", Stage.Consumption, "US", 0, demand: 100)
            .Lane("l.mine-port", "mine.us", "port.us")
            .Lane("l.port-refinery", "port.us", "refinery.cn", capacity: 100)
            .Lane("l.refinery-port", "refinery.cn", "port.us")
            .Lane("l.port-users", "port.us", "users.us", capacity: 100)
            .Build();

        var us = SourcingCalculator.Compute(network, "US");

        var metal = us.Stages.Single(s => s.Stage == Stage.Processing);
        Assert.Equal(("CN", 1.0), (metal.Origins.Single().Country, Math.Round(metal.Origins.Single().Share, 9)));
        Assert.Equal(0, metal.UnattributedShare, Tolerance);
        var ore = us.Stages.Single(s => s.Stage == Stage.Extraction).Origins.Single();
        Assert.Equal(("US", 1.0), (ore.Country, Math.Round(ore.Share, 9)));
    }
}
