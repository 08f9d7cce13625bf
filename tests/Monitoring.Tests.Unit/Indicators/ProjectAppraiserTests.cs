using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

public sealed class ProjectAppraiserTests
{
    private const double Tolerance = 1e-9;

    private static CandidateProject NewMine(string id, string country, double capacity, double cost) =>
        new(id, id, ProjectKind.NewNode, "cu", Stage.Extraction, country, "candidate", capacity, cost, 3, null, null, null, 0);

    private static NetworkBuilder TwoMines() => new NetworkBuilder()
        .Node("mine.cl", Stage.Extraction, "CL", 60)
        .Node("mine.pe", Stage.Extraction, "PE", 40);

    /// <summary>CL 60, PE 40 (HHI 5,200) plus US 20: shares 1/2, 1/3, 1/6, HHI 2,500 + 1,111.1 + 277.8 = 3,888.9.</summary>
    [Fact]
    public void A_new_mine_in_a_new_country_lowers_hhi_and_top_share_by_the_hand_computed_amounts()
    {
        var appraisal = ProjectAppraiser.Appraise(TwoMines().Build(), NewMine("cand.us", "US", 20, 100), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        Assert.Equal(Stage.Extraction, appraisal.Stage);
        Assert.Equal(10_000.0 * (1.0 / 4 + 1.0 / 9 + 1.0 / 36) - 5200, appraisal.HhiDelta, 1e-6);
        Assert.Equal(0.5 - 0.6, appraisal.TopCountryShareDelta, Tolerance);
        Assert.Equal(20, appraisal.CapacityDeltaTonnesPerDay, Tolerance);
        Assert.True(appraisal.ScoreGain > 0, $"score gain {appraisal.ScoreGain}");
        Assert.Contains(appraisal.Notes, n => n.Contains("HHI", StringComparison.Ordinal));
    }

    [Fact]
    public void Appraisal_changes_nothing_in_the_network_it_is_given()
    {
        var network = TwoMines().Build();

        ProjectAppraiser.Appraise(network, NewMine("cand.us", "US", 20, 100), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        Assert.Null(network.Node("cand.us"));
        Assert.Equal(2, network.Nodes.Count());
    }

    [Fact]
    public void An_expansion_adds_capacity_to_the_node_and_relieves_exposure_elsewhere_in_its_stage()
    {
        // Both mines run flat out and nothing is stored downstream: each is exposed for its whole output.
        var expansion = new CandidateProject("cand.pe-expansion", "PE expansion", ProjectKind.Expansion, "cu", Stage.Extraction, "PE", "op", 40, 50, 2,
            "mine.pe", null, null, 0);

        var appraisal = ProjectAppraiser.Appraise(TwoMines().Build(), expansion, new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        // PE grows to 80 t/d (40 + 40 × 0.85 = 74 output, 6 spare): CL's shortfall falls from 60 to 54 t/d, for 30 days.
        Assert.Equal(40, appraisal.CapacityDeltaTonnesPerDay, Tolerance);
        Assert.True(appraisal.LostVolumeDeltaTonnes < 0, $"lost volume delta {appraisal.LostVolumeDeltaTonnes}");
        Assert.Equal(-appraisal.LostVolumeDeltaTonnes / 50, appraisal.LostTonnesAvoidedPerMillionUsd, Tolerance);
    }

    [Fact]
    public void A_new_lane_closes_a_single_route_gap()
    {
        var network = new NetworkBuilder()
            .Node("mine.a", Stage.Extraction, "CL", 100)
            .Node("port.p", Stage.Logistics, "CL", 200)
            .Node("port.q", Stage.Logistics, "CL", 200)
            .Node("smelter.s", Stage.Processing, "US", 100)
            .Lane("lane.a-p", "mine.a", "port.p", capacity: 100)
            .Lane("lane.a-q", "mine.a", "port.q", capacity: 100)
            .Lane("lane.p-s", "port.p", "smelter.s", capacity: 100)
            .Build();
        var lane = new CandidateProject("cand.q-s", "Q → S", ProjectKind.NewLane, "cu", Stage.Logistics, "", "", 100, 10, 1, null, "port.q", "smelter.s", 0);

        var appraisal = ProjectAppraiser.Appraise(network, lane, new IndicatorOptions(), DateTimeOffset.UnixEpoch);

        Assert.Contains("closes 1 single-route gap", appraisal.Notes);
    }

    [Fact]
    public void Ranking_orders_by_score_gain_and_separately_by_tonnes_avoided_per_million()
    {
        static ProjectAppraisal Appraisal(string id, double gain, double perMillion) =>
            new(new CandidateProject(id, id, ProjectKind.NewNode, "cu", Stage.Extraction, "US", "", 1, 1, 1, null, null, null, 0),
                0, 0, 50, 50 + gain, Stage.Extraction, 0, 0, 0, 0, 0, 0, perMillion, []);

        var ranked = ProjectAppraiser.Rank([Appraisal("a", 1, 30), Appraisal("b", 3, 10), Appraisal("c", 2, 20)]);

        Assert.Equal(["b", "c", "a"], ranked.Select(r => r.Candidate.Id));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.RankByScore));
        Assert.Equal([3, 2, 1], ranked.Select(r => r.RankByCostEffectiveness));
    }
}
