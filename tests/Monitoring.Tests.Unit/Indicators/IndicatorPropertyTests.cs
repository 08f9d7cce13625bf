using CsCheck;
using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>Invariants of the indicators over random networks (CsCheck shrinks a failure to a small example).</summary>
public sealed class IndicatorPropertyTests
{
    private const double Epsilon = 1e-9;
    private const int Iterations = 400;

    private static readonly string[] Countries = ["CL", "PE", "CN", "US", "AU", "CD"];
    private static readonly Stage[] Stages = [Stage.Extraction, Stage.Processing, Stage.Manufacturing, Stage.Recycling, Stage.Logistics, Stage.Consumption];
    private static readonly OperationalStatus[] Statuses = Enum.GetValues<OperationalStatus>();

    private sealed record NodeDraft(Stage Stage, string Country, double Capacity, double Utilization, OperationalStatus Status, double? Output, double Inventory, double Recovery, double? Expected, bool Fresh);

    private sealed record LaneDraft(int From, int To, double Capacity, double Transit, bool Down, double InTransit);

    private static Gen<T> OneOf<T>(T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<NodeDraft> NodeGen = Gen.Select(
        OneOf(Stages), OneOf(Countries), Gen.Double[1, 1000], Gen.Double[0.1, 1], OneOf(Statuses),
        Gen.Nullable(Gen.Double[0, 1200], 0.3), Gen.Double[0, 5000], Gen.Double[0, 60])
        .SelectMany(t => Gen.Select(Gen.Nullable(Gen.Double[0, 90], 0.7), Gen.Bool,
            (expected, fresh) => new NodeDraft(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8, expected, fresh)));

    private static readonly Gen<(NodeDraft[] Nodes, LaneDraft[] Lanes)> NetworkGen =
        NodeGen.Array[1, 12].SelectMany(nodes =>
            Gen.Select(Gen.Int[0, nodes.Length - 1], Gen.Int[0, nodes.Length - 1], Gen.Double[0, 500], Gen.Double[0, 30], Gen.Bool, Gen.Double[0, 300],
                    (from, to, capacity, transit, down, inTransit) => new LaneDraft(from, to, capacity, transit, down, inTransit))
                .Array[0, 20]
                .Select(lanes => (nodes, lanes.Where(l => l.From != l.To).DistinctBy(l => (l.From, l.To)).ToArray())));

    private static SupplyNetwork Build(NodeDraft[] nodes, LaneDraft[] lanes)
    {
        var builder = new NetworkBuilder();
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = nodes[i];
            builder.Node($"n{i}", n.Stage, n.Country, n.Stage == Stage.Consumption ? 0 : n.Capacity, n.Utilization, n.Recovery, demand: n.Stage == Stage.Consumption ? n.Capacity : 0);
            builder.Condition($"n{i}", n.Status, n.Output, n.Inventory, n.Expected, n.Fresh);
        }
        foreach (var l in lanes)
        {
            var id = $"l{l.From}-{l.To}";
            builder.Lane(id, $"n{l.From}", $"n{l.To}", l.Capacity, l.Transit);
            builder.LaneCondition(id, l.Down ? OperationalStatus.Disrupted : OperationalStatus.Operational, l.InTransit);
        }
        return builder.Build();
    }

    private static bool InUnit(double x) => x >= -Epsilon && x <= 1 + Epsilon;

    [Fact]
    public void Hhi_lies_between_10000_over_n_and_10000_for_n_holders()
    {
        Gen.Double[0.001, 1e6].Array[1, 30].Sample(amounts =>
        {
            var hhi = IndicatorCalculator.HerfindahlIndex(amounts);
            Assert.InRange(hhi, 10_000.0 / amounts.Length - 1e-6, 10_000 + 1e-6);
        }, iter: Iterations);
    }

    [Fact]
    public void Ratios_shares_and_components_lie_in_0_to_1_and_the_score_in_0_to_100()
    {
        NetworkGen.Sample(network =>
        {
            var indicators = NetworkBuilder.Compute(Build(network.Nodes, network.Lanes));
            foreach (var s in indicators.Stages)
            {
                Assert.True(InUnit(s.AvailableRatio) && InUnit(s.TopCountryShare) && InUnit(s.PartnerShare), $"{s}");
                Assert.InRange(s.HhiCountry, 0, 10_000 + 1e-6);
                Assert.InRange(s.HhiOperator, 0, 10_000 + 1e-6);
                Assert.Equal(1, s.Countries.Sum(c => c.Share), 1e-9);
            }
            var score = indicators.Score;
            Assert.True(InUnit(indicators.RecycledShare), $"recycled {indicators.RecycledShare}");
            Assert.True(new[] { score.Availability, score.Diversification, score.Survivability, score.Circularity, score.FeedHealth }.All(InUnit), $"{score}");
            Assert.InRange(score.Value, -1e-6, 100 + 1e-6);
            Assert.All(indicators.Nodes, n => Assert.True(InUnit(n.Rei) && n.LostVolumeTonnes >= 0 && (n.TtsDays is null || n.TtsDays >= 0), $"{n}"));
        }, iter: Iterations);
    }

    [Fact]
    public void Disrupting_a_node_never_raises_the_score_or_the_available_capacity()
    {
        // The disruption may come with an expected end, short or long, or none.
        NetworkGen.SelectMany(n => Gen.Select(Gen.Int[0, n.Nodes.Length - 1], Gen.Nullable(Gen.Double[0, 90], 0.3), (victim, expected) => (n.Nodes, n.Lanes, victim, expected))).Sample(t =>
        {
            var before = NetworkBuilder.Compute(Build(t.Nodes, t.Lanes));
            var disrupted = t.Nodes.ToArray();
            disrupted[t.victim] = disrupted[t.victim] with { Status = OperationalStatus.Disrupted, Expected = t.expected };
            var after = NetworkBuilder.Compute(Build(disrupted, t.Lanes));

            Assert.True(after.Score.Value <= before.Score.Value + Epsilon, $"score {before.Score.Value} → {after.Score.Value}");
            foreach (var stage in after.Stages)
            {
                var was = before.Stages.Single(s => s.Stage == stage.Stage);
                Assert.True(stage.AvailableTonnesPerDay <= was.AvailableTonnesPerDay + Epsilon, $"{stage.Stage}: {was.AvailableTonnesPerDay} → {stage.AvailableTonnesPerDay}");
            }
        }, iter: Iterations);
    }

    private static readonly Stage[] ProductionStages = [Stage.Extraction, Stage.Processing, Stage.Manufacturing, Stage.Recycling];

    /// <summary>A random network and one more producing node for it: its stage, its capacity and how it runs.</summary>
    private static readonly Gen<(NodeDraft[] Nodes, LaneDraft[] Lanes, NodeDraft Added)> WithOneMore =
        NetworkGen.SelectMany(n => NodeGen.Select(OneOf(ProductionStages), (node, stage) => (n.Nodes, n.Lanes, node with { Stage = stage })));

    /// <summary>
    /// Diversification weighs each production stage's HHI by its capacity, so a node of c t/d moves it by at most
    /// 5c / (P + c), P the production capacity before (docs/indicators.md derives the bound), and availability, a
    /// capacity-weighted ratio, by at most c / (C + c), C all the capacity before. A 1 t/d recycler cannot swing
    /// the score as an unweighted mean of stages let it (molybdenum fell from 72.1 to 68.0).
    /// </summary>
    [Fact]
    public void Adding_a_node_moves_diversification_and_availability_at_most_in_proportion_to_its_capacity()
    {
        WithOneMore.Sample(t =>
        {
            var before = NetworkBuilder.Compute(Build(t.Nodes, t.Lanes));
            var after = NetworkBuilder.Compute(Build([.. t.Nodes, t.Added], t.Lanes));
            var c = t.Added.Capacity;
            var production = before.Stages.Where(s => ProductionStages.Contains(s.Stage)).Sum(s => s.CapacityTonnesPerDay);
            var all = before.Stages.Sum(s => s.CapacityTonnesPerDay);

            Assert.True(Math.Abs(after.Score.Diversification - before.Score.Diversification) <= 5 * c / (production + c) + Epsilon,
                $"diversification {before.Score.Diversification} → {after.Score.Diversification} for {c} t/d on {production}");
            Assert.True(Math.Abs(after.Score.Availability - before.Score.Availability) <= c / (all + c) + Epsilon,
                $"availability {before.Score.Availability} → {after.Score.Availability} for {c} t/d on {all}");
        }, iter: Iterations);
    }

    /// <summary>
    /// A new country's node of at most h × Cₛ t/d (h the stage's HHI / 10,000, Cₛ its capacity) never raises the
    /// stage's weighted concentration, so diversification never falls: the stage's Σ shares² × Cₛ shrinks while
    /// the total capacity grows.
    /// </summary>
    [Fact]
    public void Capacity_in_a_country_new_to_its_stage_never_lowers_diversification_within_the_documented_size()
    {
        WithOneMore.Sample(t =>
        {
            var network = Build(t.Nodes, t.Lanes);
            var before = NetworkBuilder.Compute(network);
            var stage = before.Stages.FirstOrDefault(s => s.Stage == t.Added.Stage);
            if (stage is null) return;
            var added = t.Added with { Country = "ZA", Capacity = Math.Max(1e-6, Math.Min(t.Added.Capacity, stage.HhiCountry / 10_000 * stage.CapacityTonnesPerDay)) };

            var after = NetworkBuilder.Compute(Build([.. t.Nodes, added], t.Lanes));

            Assert.True(after.Score.Diversification >= before.Score.Diversification - Epsilon,
                $"diversification {before.Score.Diversification} → {after.Score.Diversification} adding {added.Capacity} t/d to {stage.Stage}");
        }, iter: Iterations);
    }

    [Fact]
    public void A_stress_test_of_nothing_equals_the_current_state()
    {
        NetworkGen.Sample(n =>
        {
            var network = Build(n.Nodes, n.Lanes);
            var current = NetworkBuilder.Compute(network);

            var stress = StressTester.Run(network, new StressScenario([], [], 30), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

            Assert.Equal(current.Score.Value, stress.ScoreBefore);
            Assert.Equal(current.Score.Value, stress.ScoreDuring);
            Assert.Empty(stress.Downstream);
            Assert.All(stress.Stages, s => Assert.Equal(0, s.LostTonnesPerDay));
            Assert.Equal(current.Stages.Select(s => s.AvailableRatio), stress.Stages.Select(s => s.AvailableRatioDuring));
        }, iter: Iterations);
    }

    [Fact]
    public void Adding_capacity_in_a_new_country_below_every_other_country_never_raises_the_stage_hhi()
    {
        // Extraction capacity by country (up to five countries), then a new country smaller than each.
        var gen = Gen.Double[1, 1000].Array[1, 5].SelectMany(amounts => Gen.Double[0.001, 1].Select(fraction => (amounts, added: fraction * amounts.Min())));
        gen.Sample(t =>
        {
            var builder = new NetworkBuilder();
            for (var i = 0; i < t.amounts.Length; i++) builder.Node($"mine.{i}", Stage.Extraction, Countries[i], t.amounts[i]);
            var candidate = new CandidateProject("cand.new", "new", ProjectKind.NewNode, "cu", Stage.Extraction, "ZA", "", t.added, 1, 1, null, null, null, 0);

            var appraisal = ProjectAppraiser.Appraise(builder.Build(), candidate, new IndicatorOptions(), DateTimeOffset.UnixEpoch);

            Assert.True(appraisal.HhiDelta <= 1e-6, $"HHI rose by {appraisal.HhiDelta}");
        }, iter: Iterations);
    }

    [Fact]
    public void Stress_tests_never_report_negative_or_impossible_figures()
    {
        NetworkGen.SelectMany(n => Gen.Int[0, n.Nodes.Length - 1].Select(victim => (n.Nodes, n.Lanes, victim))).Sample(t =>
        {
            var stress = StressTester.Run(Build(t.Nodes, t.Lanes), new StressScenario([$"n{t.victim}"], [], 30), new IndicatorOptions(), DateTimeOffset.UnixEpoch);

            Assert.All(stress.Downstream, d =>
            {
                Assert.True(d.ShortTonnes >= 0 && d.ShortfallTonnesPerDay >= 0 && d.ShortfallStartsDay < d.ShortfallEndsDay, $"{d}");
                Assert.True(d.RunsOutDay is null || (d.RunsOutDay >= d.ShortfallStartsDay - Epsilon && d.RunsOutDay <= d.ShortfallEndsDay + Epsilon), $"{d}");
                Assert.True(d.ShortTonnes <= d.ShortfallTonnesPerDay * (d.ShortfallEndsDay - d.ShortfallStartsDay) + 1e-6, $"{d}");
            });
        }, iter: Iterations);
    }
}
