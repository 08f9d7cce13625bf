namespace Monitoring.Domain.Indicators;

/// <summary>
/// What-if: some nodes and lanes down for D days. The flows they carried stop; each node downstream
/// misses the arrivals of the whole disturbance, shifted by the voyage: from the lane's transit time (what is
/// at sea still arrives) to D plus the transit time (what leaves once the outage is over still has to sail),
/// or from day 0 to D for a lane that is itself down. It draws on its inventory meanwhile, runs out when the
/// cumulative loss exceeds it, and from then until its own missing arrivals end passes the loss on to its
/// customers, again shifted by their lanes' transit. The horizon is the last affected arrival, so a port a
/// 30-day voyage away shows its gap after the voyage. A node's other suppliers make up what they can through the
/// lanes they already have to it (<see cref="Substitution"/>, the model TTS/TTR use too); stock used is not
/// rebuilt within the horizon.
/// Works on a copy; the network given is not changed.
/// </summary>
public static class StressTester
{
    /// <summary>Below this, a loss rate is rounding noise and is not followed further.</summary>
    private const double NegligibleTonnesPerDay = 1e-9;

    /// <param name="impaired">Nodes that lose only part of their output: node id → share of their normal outflow lost (0 to 1).</param>
    public static CommodityStress Run(SupplyNetwork network, StressScenario scenario, IndicatorOptions options, DateTimeOffset now,
        IReadOnlyDictionary<string, double>? impaired = null)
    {
        var before = IndicatorCalculator.Compute(network, options, now);
        var during = network.Clone();
        var (downNodes, downLanes, partial) = Outage(during, scenario, impaired);
        if (downNodes.Count == 0 && downLanes.Count == 0 && partial.Count == 0)
        {
            return new CommodityStress(network.Commodity,
                before.Stages.Select(s => new StageLoss(s.Stage, s.CapacityTonnesPerDay, 0, s.AvailableRatio)).ToList(), [], before.Score.Value, before.Score.Value);
        }
        var impacts = Propagate(during, downNodes, downLanes, partial, scenario.Days);

        foreach (var node in downNodes)
        {
            node.Status = OperationalStatus.Disrupted;
            node.ExpectedRecoveryDays = scenario.Days;
        }
        foreach (var lane in downLanes) lane.Status = OperationalStatus.Disrupted;
        foreach (var (node, share) in partial.Where(p => p.Key.Status != OperationalStatus.Disrupted))
        {
            node.Status = OperationalStatus.Degraded;
            node.ReportedOutputTonnesPerDay = node.NormalOutputTonnesPerDay * (1 - share);
            node.ExpectedRecoveryDays ??= scenario.Days;
        }
        // Customers that run out before the outage ends are impaired too, in proportion to what they lack.
        foreach (var impact in impacts.Where(i => i.RunsOutDay is not null))
        {
            var node = during.Node(impact.NodeId)!;
            var remaining = node.OutputTonnesPerDay - impact.ShortfallTonnesPerDay;
            if (remaining <= node.OutputTonnesPerDay * 0.001)
            {
                node.Status = OperationalStatus.Disrupted;
            }
            else if (node.Status != OperationalStatus.Disrupted)
            {
                node.Status = OperationalStatus.Degraded;
                node.ReportedOutputTonnesPerDay = remaining;
            }
            node.ExpectedRecoveryDays ??= scenario.Days;
        }
        var after = IndicatorCalculator.Compute(during, options, now);
        var stageLosses = before.Stages
            .Select(s => after.Stages.FirstOrDefault(a => a.Stage == s.Stage) is { } a
                ? new StageLoss(s.Stage, s.CapacityTonnesPerDay, Math.Max(0, s.AvailableTonnesPerDay - a.AvailableTonnesPerDay), a.AvailableRatio)
                : new StageLoss(s.Stage, s.CapacityTonnesPerDay, 0, s.AvailableRatio))
            .ToList();
        return new CommodityStress(network.Commodity, stageLosses, Ordered(impacts), before.Score.Value, after.Score.Value);
    }

    /// <summary>
    /// Only who runs short downstream, and when (what an incident's impact needs): the same propagation as
    /// <see cref="Run"/> without computing the indicators before and during. Changes nothing.
    /// </summary>
    public static IReadOnlyList<DownstreamImpact> Downstream(SupplyNetwork network, StressScenario scenario, IReadOnlyDictionary<string, double>? impaired = null)
    {
        var (downNodes, downLanes, partial) = Outage(network, scenario, impaired);
        return downNodes.Count == 0 && downLanes.Count == 0 && partial.Count == 0 ? [] : Ordered(Propagate(network, downNodes, downLanes, partial, scenario.Days));
    }

    private static (HashSet<SupplyNode> DownNodes, HashSet<SupplyLane> DownLanes, Dictionary<SupplyNode, double> Partial) Outage(
        SupplyNetwork network, StressScenario scenario, IReadOnlyDictionary<string, double>? impaired)
    {
        var downNodes = scenario.NodeIds.Select(network.Node).OfType<SupplyNode>().ToHashSet();
        var downLanes = scenario.LaneIds.Select(network.Lane).OfType<SupplyLane>().ToHashSet();
        var partial = (impaired ?? new Dictionary<string, double>())
            .Where(p => p.Value > 0 && !scenario.NodeIds.Contains(p.Key) && network.Node(p.Key) is not null)
            .ToDictionary(p => network.Node(p.Key)!, p => Math.Min(1, p.Value));
        return (downNodes, downLanes, partial);
    }

    /// <summary>
    /// The losses travelling downstream from an outage of <paramref name="days"/>: reads the network, changes nothing. Each node
    /// that loses supply, in the order its losses are complete, with when it runs out.
    /// </summary>
    private static List<DownstreamImpact> Propagate(
        SupplyNetwork network, HashSet<SupplyNode> downNodes, HashSet<SupplyLane> downLanes, Dictionary<SupplyNode, double> partial, double days)
    {
        // Flows are read before any status changes: what the network normally moves.
        var flows = network.Lanes.ToDictionary(l => l, l => l.FlowTonnesPerDay);
        // Per node losing supply: each loss, with the lane it no longer arrives on.
        var losses = new Dictionary<SupplyNode, List<(SupplyLane Lane, LossStep Step)>>();
        void Lose(SupplyLane lane, LossStep step)
        {
            if (!losses.TryGetValue(lane.To, out var lost)) losses[lane.To] = lost = [];
            lost.Add((lane, step));
        }
        foreach (var lane in network.Lanes)
        {
            if (downNodes.Contains(lane.To)) continue;
            if (downLanes.Contains(lane)) Lose(lane, new LossStep(0, days, flows[lane]));
            else if (downNodes.Contains(lane.From)) Lose(lane, new LossStep(lane.TransitDays, days + lane.TransitDays, flows[lane]));
            else if (partial.TryGetValue(lane.From, out var share)) Lose(lane, new LossStep(lane.TransitDays, days + lane.TransitDays, flows[lane] * share));
        }

        var substitution = new Substitution(network, downNodes.Concat(partial.Keys), downLanes);
        var impacts = new List<DownstreamImpact>();
        foreach (var node in Order(losses.Keys.ToList(), downNodes, losses.ContainsKey))
        {
            if (!losses.TryGetValue(node, out var lost)) continue;
            var intake = node.Inbound.Sum(l => flows[l]);
            var cappedSteps = Cap([.. lost.Select(l => l.Step)], intake);
            if (cappedSteps.Count == 0) continue;
            var substitutes = substitution.For(node, lost.Select(l => l.Lane).ToHashSet(), PeakRate(cappedSteps), cappedSteps.Max(s => s.EndDay));
            var netSteps = Substitution.Net(cappedSteps, substitutes);
            if (netSteps.Count == 0) continue; // other suppliers make up the whole loss in time
            var (runsOutDay, shortTonnes) = Deplete(netSteps, node.InventoryTonnes);
            var peak = PeakRate(netSteps);
            impacts.Add(new DownstreamImpact(node.Id, node.Name, netSteps.Min(s => s.StartDay), peak,
                node.InventoryTonnes, runsOutDay, shortTonnes, netSteps.Max(s => s.EndDay), substitutes.Sum(s => -s.TonnesPerDay)));
            if (runsOutDay is not { } day) continue;
            substitution.Exhaust(node);
            var scale = peak > 0 ? Math.Min(peak, node.OutputAtRiskTonnesPerDay) / peak : 0;
            foreach (var lane in node.Outbound.Where(l => !downLanes.Contains(l) && !downNodes.Contains(l.To)))
            {
                foreach (var step in netSteps.Where(s => s.EndDay > day))
                {
                    var rate = step.TonnesPerDay * scale * node.OutflowShare(lane);
                    if (rate > NegligibleTonnesPerDay)
                        Lose(lane, new LossStep(Math.Max(step.StartDay, day) + lane.TransitDays, step.EndDay + lane.TransitDays, rate));
                }
            }
        }
        return impacts;
    }

    /// <summary>Whose stock runs out first, first; then whose shortfall starts first.</summary>
    private static List<DownstreamImpact> Ordered(IEnumerable<DownstreamImpact> impacts) => impacts
        .OrderBy(i => i.RunsOutDay ?? double.PositiveInfinity)
        .ThenBy(i => i.ShortfallStartsDay)
        .ThenBy(i => i.NodeId, StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// When the inventory runs out under losses that start and end on different days, and how many tonnes are
    /// short once the last of them ends; no run-out day when the inventory lasts the whole disturbance.
    /// </summary>
    public static (double? RunsOutDay, double ShortTonnes) Deplete(IReadOnlyList<LossStep> steps, double inventoryTonnes)
    {
        var changes = steps.Where(s => s.EndDay > s.StartDay)
            .SelectMany(s => new[] { (Day: s.StartDay, Rate: s.TonnesPerDay), (Day: s.EndDay, Rate: -s.TonnesPerDay) })
            .OrderBy(c => c.Day)
            .ToList();
        var stock = Math.Max(0, inventoryTonnes);
        double deficit = 0, rate = 0, at = changes.Count > 0 ? changes[0].Day : 0;
        double? runsOut = null;
        foreach (var (day, change) in changes)
        {
            var grown = deficit + rate * (day - at);
            // Stock that lasts exactly as long as the loss has not run out.
            if (runsOut is null && rate > NegligibleTonnesPerDay && grown > stock + 1e-9) runsOut = at + (stock - deficit) / rate;
            deficit = grown;
            at = day;
            rate = Math.Max(0, rate + change);
            if (runsOut is null && stock <= 0 && rate > NegligibleTonnesPerDay) runsOut = day;
        }
        return (runsOut, Math.Max(0, deficit - stock));
    }

    /// <summary>The largest loss rate at any one time.</summary>
    private static double PeakRate(IReadOnlyList<LossStep> steps) =>
        steps.Select(s => s.StartDay).Max(day => steps.Where(s => s.StartDay <= day && day < s.EndDay).Sum(s => s.TonnesPerDay));

    /// <summary>
    /// A node cannot lose more than it normally receives: between any two days on which a loss starts or ends, the
    /// losses then are cut to fit, the earliest-starting first. So a loss is cut only while others overlap it.
    /// </summary>
    internal static List<LossStep> Cap(List<LossStep> steps, double intake)
    {
        var losses = steps.Where(s => s.EndDay > s.StartDay && s.TonnesPerDay > NegligibleTonnesPerDay).OrderBy(s => s.StartDay).ToList();
        var days = losses.SelectMany(s => new[] { s.StartDay, s.EndDay }).Distinct().Order().ToList();
        var result = new List<LossStep>();
        for (var i = 0; i + 1 < days.Count; i++)
        {
            var (from, to) = (days[i], days[i + 1]);
            var room = intake;
            foreach (var loss in losses.Where(s => s.StartDay <= from && s.EndDay >= to))
            {
                var rate = Math.Min(loss.TonnesPerDay, room);
                if (rate <= NegligibleTonnesPerDay) continue;
                result.Add(new LossStep(from, to, rate));
                room -= rate;
            }
        }
        return result;
    }

    /// <summary>
    /// Nodes in the order their losses are complete: a node is handled once every affected node upstream
    /// of it has been (topological order); on a cycle, a node already losing supply goes next, the one with the
    /// fewest suppliers still pending first (what comes back round the cycle later is not followed).
    /// </summary>
    private static IEnumerable<SupplyNode> Order(IEnumerable<SupplyNode> seeds, IReadOnlySet<SupplyNode> down, Func<SupplyNode, bool> losing)
    {
        var reachable = new HashSet<SupplyNode>();
        var queue = new Queue<SupplyNode>(seeds);
        while (queue.TryDequeue(out var node))
        {
            if (down.Contains(node) || !reachable.Add(node)) continue;
            foreach (var lane in node.Outbound) queue.Enqueue(lane.To);
        }
        var pending = reachable.ToDictionary(n => n, n => n.Inbound.Count(l => reachable.Contains(l.From) && l.From != n));
        var ready = new SortedSet<SupplyNode>(pending.Where(p => p.Value == 0).Select(p => p.Key), ById.Instance);
        while (pending.Count > 0)
        {
            var next = ready.Count > 0
                ? ready.Min!
                : pending.OrderByDescending(p => losing(p.Key)).ThenBy(p => p.Value).ThenBy(p => p.Key.Id, StringComparer.Ordinal).First().Key;
            ready.Remove(next);
            pending.Remove(next);
            foreach (var lane in next.Outbound)
            {
                if (lane.To == next || !pending.TryGetValue(lane.To, out var count)) continue;
                pending[lane.To] = --count;
                if (count == 0) ready.Add(lane.To);
            }
            yield return next;
        }
    }

    private sealed class ById : IComparer<SupplyNode>
    {
        public static readonly ById Instance = new();

        public int Compare(SupplyNode? x, SupplyNode? y) => string.CompareOrdinal(x?.Id, y?.Id);
    }
}
