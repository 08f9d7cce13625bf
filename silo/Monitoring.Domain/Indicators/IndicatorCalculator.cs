using System.Globalization;

namespace Monitoring.Domain.Indicators;

/// <summary>
/// The resilience indicators of one commodity (docs/indicators.md): per stage capacity,
/// availability and concentration; per node time to survive against time to recover; the composite
/// score with every component; the gaps ranked by the tonnes at stake. Pure: the same network gives
/// the same answer.
/// </summary>
public static class IndicatorCalculator
{
    /// <summary>Stages that make material; concentration is judged on these (ports are national by nature).</summary>
    public static readonly IReadOnlySet<Stage> ProductionStages = new HashSet<Stage> { Stage.Extraction, Stage.Processing, Stage.Manufacturing, Stage.Recycling };

    public static CommodityIndicators Compute(SupplyNetwork network, IndicatorOptions options, DateTimeOffset now)
    {
        var stages = Stages(network, options);
        var exposures = Exposures(network);
        var recycled = RecycledShare(network);
        var score = Score(network, stages, exposures, recycled, options);
        var gaps = Gaps(network, stages, exposures, recycled, options);
        return new CommodityIndicators(network.Commodity, now, score, stages, recycled, exposures, gaps, network.TopologyVersion, PartnerSet: options.EffectivePartnerSet,
            PartnerCountries: options.EffectivePartnerCountries);
    }

    /// <summary>HHI = Σ (100 × share)², 0 to 10,000, of amounts by holder; 0 when there is nothing.</summary>
    public static double HerfindahlIndex(IEnumerable<double> amounts)
    {
        var list = amounts.Where(a => a > 0).ToList();
        var total = list.Sum();
        return total > 0 ? list.Sum(a => Math.Pow(100 * a / total, 2)) : 0;
    }

    /// <summary>The 2010 US Horizontal Merger Guidelines band of an HHI.</summary>
    public static string HhiBand(double hhi, IndicatorOptions options) =>
        hhi > options.HhiHigh ? "high" : hhi >= options.HhiModerate ? "moderate" : "unconcentrated";

    /// <summary>Recycling capacity over extraction plus recycling capacity (0 when neither exists).</summary>
    public static double RecycledShare(SupplyNetwork network)
    {
        var recycling = StageCapacity(network, Stage.Recycling);
        var total = StageCapacity(network, Stage.Extraction) + recycling;
        return total > 0 ? recycling / total : 0;
    }

    public static IReadOnlyList<StageIndicators> Stages(SupplyNetwork network, IndicatorOptions options)
    {
        var partners = options.EffectivePartnerCountries.ToHashSet(StringComparer.Ordinal);
        var result = new List<StageIndicators>();
        foreach (var group in network.Nodes.Where(n => n.Produces).GroupBy(n => n.Stage).OrderBy(g => g.Key))
        {
            var nodes = group.ToList();
            var capacity = nodes.Sum(n => n.CapacityTonnesPerDay);
            var available = nodes.Sum(n => n.AvailableTonnesPerDay);
            var countries = nodes
                .GroupBy(n => n.Country)
                .Select(g => new CountryShare(g.Key, g.Sum(n => n.CapacityTonnesPerDay) / capacity, g.Sum(n => n.CapacityTonnesPerDay)))
                .OrderByDescending(c => c.Share).ThenBy(c => c.Country, StringComparer.Ordinal)
                .ToList();
            var hhi = HerfindahlIndex(countries.Select(c => c.CapacityTonnesPerDay));
            var controllers = nodes
                .SelectMany(n => n.ControlHolders().Select(h => (h.Country, Tonnes: n.CapacityTonnesPerDay * h.Share)))
                .GroupBy(h => h.Country)
                .Select(g => new CountryShare(g.Key, g.Sum(h => h.Tonnes) / capacity, g.Sum(h => h.Tonnes)))
                .OrderByDescending(c => c.Share).ThenBy(c => c.Country, StringComparer.Ordinal)
                .ToList();
            var hhiOperator = HerfindahlIndex(nodes.GroupBy(n => OperatorOf(n)).Select(g => g.Sum(n => n.CapacityTonnesPerDay)));
            result.Add(new StageIndicators(
                group.Key,
                nodes.Count,
                capacity,
                available,
                available / capacity,
                hhi,
                HhiBand(hhi, options),
                hhiOperator,
                countries[0].Country,
                countries[0].Share,
                nodes.Where(n => partners.Contains(n.Country)).Sum(n => n.CapacityTonnesPerDay) / capacity,
                countries,
                HerfindahlIndex(controllers.Select(c => c.CapacityTonnesPerDay)),
                controllers[0].Country,
                controllers[0].Share,
                controllers.Where(c => partners.Contains(c.Country)).Sum(c => c.Share),
                controllers));
        }
        return result;
    }

    /// <summary>
    /// Time to survive against time to recover for every producing node (after Simchi-Levi et al., 2015), under the
    /// substitution model the stress test uses (<see cref="Substitution"/>): if j stops, each customer misses what j's
    /// lanes bring it from the lane's transit time on (cargo at sea still lands) and its other suppliers make up
    /// what they can through their lanes, after their transit. The buffer is the customers' inventory; TTS is the
    /// longest outage of j they absorb without running short (unbounded when none would make them); the lost
    /// volume is what they are short over an outage of TTR.
    /// </summary>
    public static IReadOnlyList<NodeExposure> Exposures(SupplyNetwork network)
    {
        var producing = network.Nodes.Where(n => n.Produces).ToList();
        var spareByStage = producing.GroupBy(n => n.Stage).ToDictionary(g => g.Key, g => g.Sum(n => n.SpareTonnesPerDay));
        var raw = new List<(SupplyNode Node, double Shortfall, double Buffer, double? Tts, double Ttr, bool Exposed, double Lost)>();
        var leads = Substitution.Leads(network);
        foreach (var node in producing)
        {
            var ttr = node.TtrDays;
            var outage = node.Outbound.Count > 0
                ? NodeOutage.Through(network, node, leads)
                : NodeOutage.Unrouted(node, Math.Max(0, spareByStage[node.Stage] - node.SpareTonnesPerDay));
            var tts = outage.TimeToSurvive();
            var exposed = tts < ttr;
            raw.Add((node, outage.ShortfallTonnesPerDay, outage.BufferTonnes, tts, ttr, exposed, exposed ? outage.ShortTonnes(ttr) : 0));
        }
        var maxLost = raw.Count > 0 ? raw.Max(r => r.Lost) : 0;
        return raw
            .Select(r => new NodeExposure(
                r.Node.Id, r.Node.Name, r.Node.Stage, r.Node.Country, r.Node.Status,
                r.Node.CapacityTonnesPerDay, r.Node.OutputTonnesPerDay, r.Shortfall, r.Buffer, r.Tts, r.Ttr, r.Exposed, r.Lost,
                maxLost > 0 ? r.Lost / maxLost : 0))
            .ToList();
    }

    public static ResilienceScore Score(
        SupplyNetwork network,
        IReadOnlyList<StageIndicators> stages,
        IReadOnlyList<NodeExposure> exposures,
        double recycledShare,
        IndicatorOptions options)
    {
        var weights = options.Weights.ToScoreWeights();
        // Stages weigh by their capacity: a 2 t/d recycling stage moves the score as little as 2 t/d of anything else.
        var availability = CapacityWeighted(stages, s => s.AvailableRatio);
        var production = stages.Where(s => ProductionStages.Contains(s.Stage)).ToList();
        var diversification = production.Count > 0 ? 1 - CapacityWeighted(production, s => s.HhiCountry) / 10_000 : 0;
        // A disrupted node is not surviving, whatever the expected end of its outage: otherwise a short declared
        // outage would turn an exposed node into a surviving one and raise the score.
        var producingCapacity = exposures.Sum(e => e.CapacityTonnesPerDay);
        var survivability = producingCapacity > 0
            ? exposures.Where(e => !e.Exposed && e.Status != OperationalStatus.Disrupted).Sum(e => e.CapacityTonnesPerDay) / producingCapacity
            : 1;
        var circularity = Math.Min(1, recycledShare / options.RecyclingTarget);
        var nodes = network.Nodes.ToList();
        var feedHealth = nodes.Count > 0 ? (double)nodes.Count(n => n.FeedFresh) / nodes.Count : 0;
        var value = 100 * (weights.Availability * availability + weights.Diversification * diversification + weights.Survivability * survivability
                           + weights.Circularity * circularity + weights.FeedHealth * feedHealth) / weights.Sum;
        return new ResilienceScore(value, availability, diversification, survivability, circularity, feedHealth, weights);
    }

    /// <summary>The mean of a stage figure weighted by the stages' capacity (0 when there is none).</summary>
    private static double CapacityWeighted(IReadOnlyList<StageIndicators> stages, Func<StageIndicators, double> figure)
    {
        var capacity = stages.Sum(s => s.CapacityTonnesPerDay);
        return capacity > 0 ? stages.Sum(s => s.CapacityTonnesPerDay * figure(s)) / capacity : 0;
    }

    /// <summary>Every gap, largest tonnes at stake first (docs/indicators.md says how each kind measures them).</summary>
    public static IReadOnlyList<Gap> Gaps(
        SupplyNetwork network,
        IReadOnlyList<StageIndicators> stages,
        IReadOnlyList<NodeExposure> exposures,
        double recycledShare,
        IndicatorOptions options)
    {
        var horizon = options.GapHorizonDays;
        var gaps = new List<Gap>();
        foreach (var stage in stages.Where(s => ProductionStages.Contains(s.Stage)))
        {
            var atStake = CountryLoss(network, stage.Stage, stage.TopCountry) * horizon;
            if (stage.HhiCountry > options.HhiHigh)
            {
                gaps.Add(new Gap(GapKind.Concentration, stage.Stage, stage.TopCountry,
                    $"{StageName(stage.Stage)} capacity is highly concentrated by country: HHI {Format(stage.HhiCountry, "N0")} (above {Format(options.HhiHigh, "N0")}); {stage.TopCountry} holds {Percent(stage.TopCountryShare)}",
                    atStake, stage.HhiCountry, options.HhiHigh, Share: stage.TopCountryShare));
            }
            if (stage.TopCountryShare > options.SingleCountryLimit)
            {
                gaps.Add(new Gap(GapKind.SingleCountry, stage.Stage, stage.TopCountry,
                    $"{stage.TopCountry} holds {Percent(stage.TopCountryShare)} of {StageName(stage.Stage).ToLowerInvariant()} capacity (benchmark: at most {Percent(options.SingleCountryLimit)})",
                    atStake, stage.TopCountryShare, options.SingleCountryLimit, Share: stage.TopCountryShare));
            }
        }
        foreach (var e in exposures.Where(e => e.Exposed))
        {
            gaps.Add(new Gap(GapKind.Survivability, e.Stage, e.NodeId,
                $"{e.Name}: the buffer downstream lasts {Format(e.TtsDays!.Value, "N1")} days, recovery takes {Format(e.TtrDays, "N1")}; {Format(e.ShortfallTonnesPerDay, "N1")} t/d cannot be made up elsewhere",
                e.LostVolumeTonnes, e.TtsDays.Value, e.TtrDays, SubjectName: e.Name, TonnesPerDay: e.ShortfallTonnesPerDay));
        }
        var extraction = StageCapacity(network, Stage.Extraction);
        if (extraction > 0 && recycledShare < options.RecyclingTarget)
        {
            var missing = extraction * options.RecyclingTarget / (1 - options.RecyclingTarget) - StageCapacity(network, Stage.Recycling);
            gaps.Add(new Gap(GapKind.Circularity, Stage.Recycling, "",
                $"Recycled share {Percent(recycledShare)} (target {Percent(options.RecyclingTarget)}): {Format(missing, "N0")} t/d of recycling capacity missing",
                Math.Max(0, missing) * horizon, recycledShare, options.RecyclingTarget, TonnesPerDay: Math.Max(0, missing)));
        }
        gaps.AddRange(SingleRoutes(network, options));
        return gaps
            .OrderByDescending(g => g.LostVolumeTonnes)
            .ThenBy(g => g.Kind)
            .ThenBy(g => g.Subject, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// One lane carrying more than the limit of what a node receives from an upstream stage: the tonnes at
    /// stake are what the lane brings over the horizon less what the node holds and what is in transit.
    /// </summary>
    private static IEnumerable<Gap> SingleRoutes(SupplyNetwork network, IndicatorOptions options)
    {
        foreach (var node in network.Nodes)
        {
            foreach (var group in node.Inbound.GroupBy(l => l.From.Stage).OrderBy(g => g.Key))
            {
                var lanes = group.ToList();
                var total = lanes.Sum(l => l.FlowTonnesPerDay);
                if (!(total > 0)) continue;
                var main = lanes.MaxBy(l => l.FlowTonnesPerDay)!;
                var share = main.FlowTonnesPerDay / total;
                if (share <= options.SingleRouteShare) continue;
                var atStake = Math.Max(0, main.FlowTonnesPerDay * options.GapHorizonDays - node.InventoryTonnes - main.InTransitTonnes);
                yield return new Gap(GapKind.SingleRoute, group.Key, main.Id,
                    $"{main.Name} carries {Percent(share)} of what {node.Name} receives from {StageName(group.Key).ToLowerInvariant()} ({Format(main.FlowTonnesPerDay, "N1")} t/d)",
                    atStake, share, options.SingleRouteShare, SubjectName: main.Name, RelatedName: node.Name, TonnesPerDay: main.FlowTonnesPerDay);
            }
        }
    }

    /// <summary>What a stage cannot make up, tonnes per day, if every node of one country stops.</summary>
    public static double CountryLoss(SupplyNetwork network, Stage stage, string country)
    {
        var nodes = network.Nodes.Where(n => n.Produces && n.Stage == stage).ToList();
        var lost = nodes.Where(n => n.Country == country).Sum(n => n.OutputAtRiskTonnesPerDay);
        var spare = nodes.Where(n => n.Country != country).Sum(n => n.SpareTonnesPerDay);
        return Math.Max(0, lost - spare);
    }

    public static double StageCapacity(SupplyNetwork network, Stage stage) =>
        network.Nodes.Where(n => n.Produces && n.Stage == stage).Sum(n => n.CapacityTonnesPerDay);

    public static string StageName(Stage stage) => stage.ToString();

    private static string OperatorOf(SupplyNode node) => string.IsNullOrWhiteSpace(node.Operator) ? $"(unnamed: {node.Id})" : node.Operator;

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Percent(double share) => (100 * share).ToString(share < 0.1 ? "0.#" : "0", CultureInfo.InvariantCulture) + " %";
}
