namespace Monitoring.Domain.Indicators;

/// <summary>
/// One commodity's share of an incident's impact (docs/incidents.md, "Impact"). Supply lost, tonnes per day:
/// the normal output (capacity × expected utilization) of each node that is down, the shortfall of each that is
/// impaired (normal output less what it reports), and the normal flow of each lane closed at its own cause,
/// less what its origin's loss counts already — a tonne is never lost twice. Consumers lose no supply of their own.
/// Downstream: the stress test over the outage's days (<see cref="StressTester"/>), with impaired nodes passing
/// on their share of the loss; each node's days of cover run from now to when its stock runs out at that loss.
/// </summary>
public static class OutageAssessor
{
    public static OutageAssessment Assess(SupplyNetwork network, OutageScope scope, IndicatorOptions options)
    {
        var partners = options.EffectivePartnerCountries.ToHashSet(StringComparer.Ordinal);
        var down = scope.DownNodeIds.Select(network.Node).OfType<SupplyNode>().Where(n => n.Stage != Stage.Consumption).ToList();
        var impaired = scope.ImpairedNodeIds.Select(network.Node).OfType<SupplyNode>()
            .Where(n => n.Stage != Stage.Consumption && !down.Contains(n))
            .Select(n => (Node: n, Shortfall: Math.Max(0, n.NormalOutputTonnesPerDay - (n.ReportedOutputTonnesPerDay ?? n.NormalOutputTonnesPerDay))))
            .ToList();
        var counted = down.Concat(impaired.Select(i => i.Node)).ToHashSet();
        var shares = impaired.Where(i => i.Node.NormalOutputTonnesPerDay > 0)
            .ToDictionary(i => i.Node.Id, i => i.Shortfall / i.Node.NormalOutputTonnesPerDay, StringComparer.Ordinal);
        // A lane from a node that is down carries nothing the node's output does not count already.
        var lanes = scope.DownLaneIds.Select(network.Lane).OfType<SupplyLane>().Where(l => !down.Contains(l.From)).ToList();

        double lost = 0, partner = 0;
        void Count(SupplyNode origin, double tonnesPerDay)
        {
            lost += tonnesPerDay;
            if (partners.Contains(origin.Country)) partner += tonnesPerDay;
        }
        foreach (var node in down) Count(node, node.NormalOutputTonnesPerDay);
        foreach (var (node, shortfall) in impaired) Count(node, shortfall);
        // From an impaired node, only what its shortfall does not count already.
        foreach (var lane in lanes) Count(lane.From, lane.FlowTonnesPerDay * (1 - shares.GetValueOrDefault(lane.From.Id)));

        var days = scope.Days ?? RecoveryDays(down.Concat(impaired.Select(i => i.Node)));
        var affected = days > 0 && counted.Count + lanes.Count > 0
            ? StressTester.Downstream(network, new StressScenario(down.Select(n => n.Id).ToList(), lanes.Select(l => l.Id).ToList(), days), shares)
            : [];
        var downstream = affected
            .Where(i => i.ShortfallTonnesPerDay > 0)
            .Select(i => new OutageDay(i.NodeId, i.Name, i.ShortfallTonnesPerDay, i.RunsOutDay ?? DaysOfCover(i), i.RunsOutDay))
            .ToList();
        return new OutageAssessment(network.Commodity, lost, partner, days, downstream);
    }

    /// <summary>Without an expected end: the longest recovery time of the nodes taken down (the topology's recovery_days).</summary>
    private static double RecoveryDays(IEnumerable<SupplyNode> nodes) =>
        nodes.Select(n => n.RecoveryDays).DefaultIfEmpty(Topology.TopologyDefaults.RecoveryDays).Max();

    /// <summary>For a node that lasts the outage: when its stock would run out if the loss went on.</summary>
    private static double DaysOfCover(DownstreamImpact impact) =>
        impact.ShortfallStartsDay + Math.Max(0, impact.InventoryTonnes) / impact.ShortfallTonnesPerDay;
}
