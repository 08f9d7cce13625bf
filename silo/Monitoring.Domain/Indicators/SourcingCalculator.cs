namespace Monitoring.Domain.Indicators;

/// <summary>
/// Where a consumer country's supply of a commodity comes from, stage by stage, weighted by the flows through the
/// lanes (docs/indicators.md, "Sourcing"). Every node carries, for each production stage, the mix of countries in
/// which its material went through that stage: a node of that stage is its own country; otherwise the mix is what
/// its inbound lanes bring, weighted by their normal flow (ports and other logistics nodes pass it on). The
/// consumer country's consumption nodes, weighted by what they receive, give its sourcing. Material whose stage
/// the network does not show (a plant fed by no modelled refinery) is unattributed. Lanes that run back upstream
/// (recycling) are not followed, so the walk ends. Net import reliance is the USGS's: (consumption − domestic
/// production) / consumption, at least 0, for the stages where the country both consumes and produces.
/// </summary>
public static class SourcingCalculator
{
    private static readonly Stage[] Stages = [Stage.Extraction, Stage.Processing, Stage.Manufacturing, Stage.Recycling];

    public static Sourcing Compute(SupplyNetwork network, string country)
    {
        var flows = network.Lanes.ToDictionary(l => l, l => l.FlowTonnesPerDay);
        var order = Order(network);
        var mixes = new Dictionary<SupplyNode, Dictionary<Stage, Dictionary<string, double>>>();
        foreach (var node in order.Nodes)
        {
            var mix = Stages.ToDictionary(s => s, _ => new Dictionary<string, double>(StringComparer.Ordinal));
            var inbound = node.Inbound.Where(l => !order.Back.Contains(l) && flows[l] > 0).ToList();
            var total = inbound.Sum(l => flows[l]);
            foreach (var lane in inbound)
            {
                if (!mixes.TryGetValue(lane.From, out var from)) continue;
                foreach (var stage in Stages)
                    foreach (var (origin, share) in from[stage]) mix[stage][origin] = mix[stage].GetValueOrDefault(origin) + share * flows[lane] / total;
            }
            if (Stages.Contains(node.Stage)) mix[node.Stage] = new Dictionary<string, double>(StringComparer.Ordinal) { [node.Country] = 1 };
            mixes[node] = mix;
        }

        var consumers = network.Nodes.Where(n => n.Stage == Stage.Consumption && n.Country == country).ToList();
        var received = consumers.ToDictionary(n => n, n => n.Inbound.Where(l => !order.Back.Contains(l)).Sum(l => flows[l]));
        var intake = received.Values.Sum();
        var stages = new List<StageSourcing>();
        foreach (var stage in Stages)
        {
            var origins = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (consumer, tonnes) in received)
                foreach (var (origin, share) in mixes[consumer][stage]) origins[origin] = origins.GetValueOrDefault(origin) + share * tonnes;
            var attributed = origins.Values.Sum();
            if (!(attributed > 0)) continue;
            var produced = network.Nodes.Where(n => n.Stage == stage && n.Country == country && n.Produces).Sum(n => n.NormalOutputTonnesPerDay);
            stages.Add(new StageSourcing(
                stage,
                origins.Where(o => o.Value > 0)
                    .Select(o => new OriginShare(o.Key, o.Value / intake, o.Value))
                    .OrderByDescending(o => o.TonnesPerDay).ThenBy(o => o.Country, StringComparer.Ordinal)
                    .ToList(),
                Math.Max(0, 1 - attributed / intake),
                produced,
                intake > 0 ? Math.Max(0, (intake - produced) / intake) : 0));
        }
        return new Sourcing(network.Commodity, country, intake, consumers.Sum(n => n.DemandTonnesPerDay), stages);
    }

    /// <summary>The nodes in flow order (each after everything that feeds it), and the lanes that close a loop.</summary>
    private static (List<SupplyNode> Nodes, HashSet<SupplyLane> Back) Order(SupplyNetwork network)
    {
        var back = new HashSet<SupplyLane>();
        var state = new Dictionary<SupplyNode, bool>(); // false: on the walk's path; true: done
        var done = new List<SupplyNode>();
        void Visit(SupplyNode node)
        {
            state[node] = false;
            foreach (var lane in node.Inbound.OrderBy(l => l.Id, StringComparer.Ordinal))
            {
                if (!state.TryGetValue(lane.From, out var finished)) Visit(lane.From);
                else if (!finished) back.Add(lane);
            }
            state[node] = true;
            done.Add(node);
        }
        foreach (var node in network.Nodes.OrderBy(n => n.Stage == Stage.Recycling).ThenBy(n => n.Id, StringComparer.Ordinal))
            if (!state.ContainsKey(node)) Visit(node);
        return (done, back);
    }
}
