using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>The indicators of docs/indicators.md against networks computed by hand (docs/indicators.md works the same examples).</summary>
public sealed class IndicatorCalculatorTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Hhi_of_shares_50_30_20_is_3800()
    {
        var network = new NetworkBuilder()
            .Node("mine.cl", Stage.Extraction, "CL", 500)
            .Node("mine.pe", Stage.Extraction, "PE", 300)
            .Node("mine.cn", Stage.Extraction, "CN", 200)
            .Build();

        var stage = Assert.Single(NetworkBuilder.Compute(network).Stages);

        Assert.Equal(3800, stage.HhiCountry, Tolerance);
        Assert.Equal("high", stage.HhiBand);
        Assert.Equal("CL", stage.TopCountry);
        Assert.Equal(0.5, stage.TopCountryShare, Tolerance);
        Assert.Equal(["CL", "PE", "CN"], stage.Countries.Select(c => c.Country));
        Assert.Equal(3800, IndicatorCalculator.HerfindahlIndex([50, 30, 20]), Tolerance);
    }

    [Fact]
    public void Hhi_of_one_country_is_10000_even_with_several_nodes_and_operators()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CN", 700, operatorName: "A")
            .Node("mine.b", Stage.Extraction, "CN", 300, operatorName: "B")
            .Build();

        var stage = Assert.Single(NetworkBuilder.Compute(network).Stages);

        Assert.Equal(10_000, stage.HhiCountry, Tolerance);
        Assert.Equal(1, stage.TopCountryShare, Tolerance);
        // By operator: 70² + 30² = 5,800.
        Assert.Equal(5800, stage.HhiOperator, Tolerance);
    }

    [Theory]
    [InlineData(1499.9, "unconcentrated")]
    [InlineData(1500, "moderate")]
    [InlineData(2500, "moderate")]
    [InlineData(2500.1, "high")]
    public void Hhi_bands_follow_the_2010_merger_guidelines(double hhi, string band) =>
        Assert.Equal(band, IndicatorCalculator.HhiBand(hhi, new IndicatorOptions()));

    [Fact]
    public void Available_capacity_counts_nothing_for_a_disrupted_node_and_the_output_of_a_degraded_one()
    {
        var network = new NetworkBuilder()
            .Node("mine.ok", Stage.Extraction, "CL", 100)
            .Node("mine.degraded", Stage.Extraction, "PE", 50)
            .Node("mine.down", Stage.Extraction, "AU", 50)
            .Node("mine.silent", Stage.Extraction, "US", 40)
            .Condition("mine.degraded", OperationalStatus.Degraded, output: 20)
            .Condition("mine.down", OperationalStatus.Disrupted, output: 0)
            .Condition("mine.silent", OperationalStatus.Unknown, feedFresh: false)
            .Build();

        var stage = Assert.Single(NetworkBuilder.Compute(network).Stages);

        // A = 100 + 20 + 0 + 40 (unknown counts its capacity); C = 240.
        Assert.Equal(240, stage.CapacityTonnesPerDay, Tolerance);
        Assert.Equal(160, stage.AvailableTonnesPerDay, Tolerance);
        Assert.Equal(160.0 / 240, stage.AvailableRatio, Tolerance);
    }

    [Fact]
    public void Partner_share_counts_the_configured_countries()
    {
        var network = new NetworkBuilder()
            .Node("mine.cl", Stage.Extraction, "CL", 500)
            .Node("mine.pe", Stage.Extraction, "PE", 300)
            .Node("mine.cn", Stage.Extraction, "CN", 200)
            .Build();

        Assert.Equal(0.8, Assert.Single(NetworkBuilder.Compute(network).Stages).PartnerShare, Tolerance);
        var onlyChile = new IndicatorOptions { PartnerCountries = ["CL"] };
        Assert.Equal(0.5, Assert.Single(NetworkBuilder.Compute(network, onlyChile).Stages).PartnerShare, Tolerance);
    }

    [Fact]
    public void Zero_shortfall_reports_time_to_survive_as_unbounded_not_as_a_large_number()
    {
        // Each mine runs at half capacity: either can make up all the other's 50 t/d.
        var network = new NetworkBuilder()
            .Node("mine.x", Stage.Extraction, "CL", 100, utilization: 0.5)
            .Node("mine.y", Stage.Extraction, "PE", 100, utilization: 0.5)
            .Build();

        var indicators = NetworkBuilder.Compute(network);

        Assert.All(indicators.Nodes, n =>
        {
            Assert.Equal(0, n.ShortfallTonnesPerDay, Tolerance);
            Assert.Null(n.TtsDays);
            Assert.False(n.Exposed);
            Assert.Equal(0, n.LostVolumeTonnes);
        });
        Assert.Equal(1, indicators.Score.Survivability, Tolerance);
    }

    /// <summary>
    /// Mine A (CL, 100 t/d at 80 %) and mine B (PE, 50 t/d at 80 %) feed smelter S (120 t/d at 90 %),
    /// which feeds consumer K. S holds 300 t, 50 t are in transit from A, K holds 1,080 t.
    /// A: spare elsewhere = B's 50 − 40 = 10, shortfall 80 − 10 = 70 t/d, buffer 300 + 50 = 350 t,
    ///    TTS = 5 d &lt; TTR 21 d, lost 70 × 16 = 1,120 t.
    /// B: spare elsewhere = A's 100 − 80 = 20, shortfall 40 − 20 = 20 t/d, buffer 300 t, TTS 15 d ≥ TTR 10 d.
    /// S: alone in its stage, shortfall 108 t/d, buffer 1,080 t, TTS 10 d &lt; TTR 30 d, lost 108 × 20 = 2,160 t.
    /// </summary>
    [Fact]
    public void Two_stage_chain_time_to_survive_and_lost_volume_match_the_hand_computation()
    {
        // docs/indicators.md, "Worked example": A's ore sails 2 days to S, B's 6 days; S's copper reaches K in 1.
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100, utilization: 0.8, recoveryDays: 21)
            .Node("mine.b", Stage.Extraction, "PE", 50, utilization: 0.8, recoveryDays: 10)
            .Node("smelter.s", Stage.Processing, "CL", 120, utilization: 0.9, recoveryDays: 30)
            .Node("consumer.k", Stage.Consumption, "US", 0, demand: 100)
            .Lane("lane.a-s", "mine.a", "smelter.s", transitDays: 2)
            .Lane("lane.b-s", "mine.b", "smelter.s", transitDays: 6)
            .Lane("lane.s-k", "smelter.s", "consumer.k")
            .Condition("smelter.s", inventory: 300)
            .Condition("consumer.k", inventory: 1080)
            .LaneCondition("lane.a-s", inTransit: 50)
            .Build();

        var indicators = NetworkBuilder.Compute(network);
        var a = indicators.Nodes.Single(n => n.NodeId == "mine.a");
        var b = indicators.Nodes.Single(n => n.NodeId == "mine.b");
        var s = indicators.Nodes.Single(n => n.NodeId == "smelter.s");

        // A stops: S misses 80 t/d from day 2; B's 10 t/d spare lands from day 6. The 300 t at S last 3.75 days of the
        // full loss, before B's help arrives: an outage of A longer than that runs S short. The 50 t at sea are the
        // normal pipeline: they delay the gap, they do not shorten it.
        Assert.Equal(70, a.ShortfallTonnesPerDay, Tolerance);
        Assert.Equal(300, a.BufferTonnes, Tolerance);
        Assert.Equal(3.75, a.TtsDays!.Value, Tolerance);
        Assert.Equal(21, a.TtrDays, Tolerance);
        Assert.True(a.Exposed);
        Assert.Equal(80 * 21 - 10 * 17 - 300, a.LostVolumeTonnes, Tolerance);

        // B stops: A's 20 t/d spare lands on day 2, before B's loss on day 6; 20 t/d are left to draw on S's 300 t.
        Assert.Equal(20, b.ShortfallTonnesPerDay, Tolerance);
        Assert.Equal(15, b.TtsDays!.Value, Tolerance);
        Assert.False(b.Exposed);
        Assert.Equal(0, b.LostVolumeTonnes);

        // S stops: K has no other supplier.
        Assert.Equal(108, s.ShortfallTonnesPerDay, Tolerance);
        Assert.Equal(10, s.TtsDays!.Value, Tolerance);
        Assert.Equal(2160, s.LostVolumeTonnes, Tolerance);

        // REI = L / max L.
        Assert.Equal(1210.0 / 2160, a.Rei, Tolerance);
        Assert.Equal(1, s.Rei, Tolerance);
        Assert.Equal(0, b.Rei);
        // Survivability: only B (50 of 270 t/d of capacity) survives its recovery.
        Assert.Equal(50.0 / 270, indicators.Score.Survivability, Tolerance);
        // The consumer only draws: no exposure of its own.
        Assert.DoesNotContain(indicators.Nodes, n => n.NodeId == "consumer.k");
    }

    [Fact]
    public void Time_to_recover_is_the_expected_duration_of_an_open_disruption_else_recovery_days()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100, recoveryDays: 21)
            .Node("mine.b", Stage.Extraction, "PE", 100, recoveryDays: 21)
            .Condition("mine.a", OperationalStatus.Disrupted, output: 0, expectedRecoveryDays: 4)
            .Build();

        var nodes = NetworkBuilder.Compute(network).Nodes;

        Assert.Equal(4, nodes.Single(n => n.NodeId == "mine.a").TtrDays);
        Assert.Equal(21, nodes.Single(n => n.NodeId == "mine.b").TtrDays);
        // A disrupted node's shortfall is what it normally makes, not its current zero.
        Assert.Equal(100, nodes.Single(n => n.NodeId == "mine.a").ShortfallTonnesPerDay, Tolerance);
    }

    [Fact]
    public void A_disrupted_node_never_counts_as_surviving_even_with_a_short_expected_outage()
    {
        // J and K make 500 t/d each flat out; R holds 1,000 t: losing J (500 t/d) lasts 2 days against 30 to recover.
        var builder = new NetworkBuilder()
            .Node("mine.j", Stage.Extraction, "CL", 500)
            .Node("mine.k", Stage.Extraction, "PE", 500)
            .Node("refinery.r", Stage.Processing, "US", 100, utilization: 0.5)
            .Lane("lane.j-r", "mine.j", "refinery.r")
            .Lane("lane.k-r", "mine.k", "refinery.r")
            .Condition("refinery.r", inventory: 1000);
        var before = NetworkBuilder.Compute(builder.Build());

        // Declared down for one day: TTS 2 ≥ TTR 1, yet the mine is not "surviving" while it is down.
        var after = NetworkBuilder.Compute(builder.Condition("mine.j", OperationalStatus.Disrupted, expectedRecoveryDays: 1).Build());

        var j = after.Nodes.Single(n => n.NodeId == "mine.j");
        Assert.False(j.Exposed);
        Assert.True(after.Score.Survivability <= before.Score.Survivability, $"{before.Score.Survivability} → {after.Score.Survivability}");
        Assert.True(after.Score.Value < before.Score.Value, $"{before.Score.Value} → {after.Score.Value}");
    }

    /// <summary>
    /// Two 100 t/d mines, one in Australia held 51 % from China, one in Chile. By location: AU and CL half each,
    /// HHI 5,000, all of it partner capacity. By control: CL 100, AU 49, CN 51 of 200 t/d, HHI 50² + 24.5² + 25.5² =
    /// 3,750.5, top CL at 50 %, partner share (AU and CL) 149 / 200 = 0.745.
    /// </summary>
    [Fact]
    public void Concentration_and_partner_share_are_reported_by_control_as_well_as_by_location()
    {
        var network = new NetworkBuilder()
            .Node("mine.au", Stage.Extraction, "AU", 100, control: [new ControlShare("CN", 0.51)])
            .Node("mine.cl", Stage.Extraction, "CL", 100)
            .Build();

        var stage = NetworkBuilder.Compute(network).Stages.Single();

        Assert.Equal((5000, 1), (Math.Round(stage.HhiCountry, 9), stage.PartnerShare));
        Assert.Equal(3750.5, stage.HhiControl, Tolerance);
        Assert.Equal(("CL", 0.5), (stage.TopControlCountry, stage.TopControlShare));
        Assert.Equal(0.745, stage.PartnerShareControl, Tolerance);
        Assert.Equal(["CL", "CN", "AU"], stage.ControlCountries!.Select(c => c.Country));
    }

    /// <summary>
    /// Mines CL 60 and PE 40 (HHI 5,200), a recycler US 25 (HHI 10,000), all at full capacity with no
    /// lanes (so every node is exposed), one of three feeds stale:
    /// availability 1, diversification 1 − (100 × 5,200 + 25 × 10,000) / 125 / 10,000 = 0.384 (stages weigh
    /// by capacity), survivability 0, recycled share 25 / 125 = 0.2 so circularity 0.8, feed health 2/3;
    /// score = 100 × (0.3 × 1 + 0.2 × 0.384 + 0.3 × 0 + 0.1 × 0.8 + 0.1 × 2/3) = 52.3467.
    /// </summary>
    [Fact]
    public void Score_is_the_weighted_sum_of_its_components()
    {
        var network = new NetworkBuilder()
            .Node("mine.cl", Stage.Extraction, "CL", 60)
            .Node("mine.pe", Stage.Extraction, "PE", 40)
            .Node("recycler.us", Stage.Recycling, "US", 25)
            .Condition("recycler.us", feedFresh: false)
            .Build();

        var indicators = NetworkBuilder.Compute(network);
        var score = indicators.Score;

        Assert.Equal(1, score.Availability, Tolerance);
        Assert.Equal(0.384, score.Diversification, Tolerance);
        Assert.Equal(0, score.Survivability, Tolerance);
        Assert.Equal(0.2, indicators.RecycledShare, Tolerance);
        Assert.Equal(0.8, score.Circularity, Tolerance);
        Assert.Equal(2.0 / 3, score.FeedHealth, Tolerance);
        Assert.Equal(100 * (0.3 + 0.2 * 0.384 + 0 + 0.1 * 0.8 + 0.1 * 2 / 3), score.Value, Tolerance);
        Assert.Equal(ScoreWeights.Default, score.Weights);
    }

    [Fact]
    public void Configured_weights_are_normalised_and_returned()
    {
        var network = new NetworkBuilder().Node("mine.cl", Stage.Extraction, "CL", 60).Node("mine.pe", Stage.Extraction, "PE", 40).Build();
        var availabilityOnly = new IndicatorOptions { Weights = new WeightOptions { Availability = 2, Diversification = 0, Survivability = 0, Circularity = 0, FeedHealth = 0 } };

        var score = NetworkBuilder.Compute(network, availabilityOnly).Score;

        Assert.Equal(100, score.Value, Tolerance);
        Assert.Equal(2, score.Weights.Availability);
    }

    [Fact]
    public void Gaps_are_ranked_by_lost_volume_and_carry_value_and_threshold()
    {
        var network = new NetworkBuilder()
            .Node("mine.cl", Stage.Extraction, "CL", 60)
            .Node("mine.pe", Stage.Extraction, "PE", 40)
            .Node("recycler.us", Stage.Recycling, "US", 25)
            .Build();

        var gaps = NetworkBuilder.Compute(network).Gaps;

        Assert.Equal(gaps.OrderByDescending(g => g.LostVolumeTonnes).Select(g => g.LostVolumeTonnes), gaps.Select(g => g.LostVolumeTonnes));
        // Extraction: HHI 5,200 > 2,500, top share 0.6 ≤ 0.65; at stake: CL's 60 t/d for 30 days (no spare elsewhere).
        var extraction = Assert.Single(gaps, g => g.Kind == GapKind.Concentration && g.Stage == Stage.Extraction);
        Assert.Equal(("CL", 5200, 2500, 1800), (extraction.Subject, extraction.Value, extraction.Threshold, extraction.LostVolumeTonnes));
        Assert.DoesNotContain(gaps, g => g.Kind == GapKind.SingleCountry && g.Stage == Stage.Extraction);
        Assert.Single(gaps, g => g.Kind == GapKind.SingleCountry && g.Stage == Stage.Recycling && g.Subject == "US");
        // Circularity: 25 % of (100 + R) needs R = 33.3 t/d, 8.33 t/d missing, for 30 days.
        var circularity = Assert.Single(gaps, g => g.Kind == GapKind.Circularity);
        Assert.Equal(250, circularity.LostVolumeTonnes, 1e-6);
        Assert.Equal(0.2, circularity.Value, Tolerance);
        // Every node is exposed (no buffer): one survivability gap each.
        Assert.Equal(3, gaps.Count(g => g.Kind == GapKind.Survivability));
    }

    [Fact]
    public void A_lane_carrying_most_of_a_stage_to_stage_flow_is_a_single_route_gap()
    {
        // Port P gets 90 t/d from mine A and 10 from mine B: A's lane carries 90 % of the flow.
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 90)
            .Node("mine.b", Stage.Extraction, "CL", 10)
            .Node("port.p", Stage.Logistics, "CL", 200, utilization: 0.5)
            .Lane("lane.a-p", "mine.a", "port.p")
            .Lane("lane.b-p", "mine.b", "port.p")
            .Condition("port.p", inventory: 500)
            .LaneCondition("lane.a-p", inTransit: 100)
            .Build();

        var gap = Assert.Single(NetworkBuilder.Compute(network).Gaps, g => g.Kind == GapKind.SingleRoute);

        Assert.Equal("lane.a-p", gap.Subject);
        Assert.Equal(Stage.Extraction, gap.Stage);
        Assert.Equal(0.9, gap.Value, Tolerance);
        // 90 t/d for 30 days less the 500 t held at the port and 100 t in transit.
        Assert.Equal(90 * 30 - 500 - 100, gap.LostVolumeTonnes, Tolerance);
    }

    [Fact]
    public void Logistics_capacity_is_reported_but_not_judged_for_concentration()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 50)
            .Node("mine.b", Stage.Extraction, "PE", 50)
            .Node("port.p", Stage.Logistics, "CL", 200)
            .Build();

        var indicators = NetworkBuilder.Compute(network);

        Assert.Equal(10_000, indicators.Stages.Single(s => s.Stage == Stage.Logistics).HhiCountry);
        Assert.DoesNotContain(indicators.Gaps, g => g.Stage == Stage.Logistics && g.Kind is GapKind.Concentration or GapKind.SingleCountry);
        // Diversification is judged on extraction alone: 1 − 5,000 / 10,000.
        Assert.Equal(0.5, indicators.Score.Diversification, Tolerance);
    }

    [Fact]
    public void A_node_that_has_not_reported_is_taken_at_normal_output_with_half_full_storage()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100, utilization: 0.9)
            .Node("port.p", Stage.Logistics, "CL", 200, inventoryCapacity: 1000)
            .Lane("lane.a-p", "mine.a", "port.p")
            .Build();

        var a = network.Node("mine.a")!;
        Assert.Equal(90, a.OutputTonnesPerDay, Tolerance);
        Assert.Equal(OperationalStatus.Operational, a.Status);
        Assert.Equal(500, network.Node("port.p")!.InventoryTonnes, Tolerance);
    }
}
