namespace Monitoring.Domain.Indicators;

/// <summary>
/// Where a consumer country's supply of a commodity comes from, stage by stage, weighted by the flows through the
/// lanes (docs/indicators.md, "Sourcing"). Material carries, for each production stage, the mix of countries in which
/// it went through that stage: a node of that stage makes it its own country's. Material is kept apart by the last
/// stage it went through, so a port that ships ore out and takes refined metal in does not blend them: a lane from a
/// port takes what its destination uses (a refinery the ore, a plant the refined metal, a consumer the most finished
/// material there; another port everything, in proportion). The consumer country's consumption nodes, weighted by
/// what they receive, give its sourcing; material whose stage the network does not show is unattributed. Material
/// that goes round a loop of ports (ore out, refined metal back in) is followed until it settles, and consumers
/// pass nothing on, so recycling never loops. Net import reliance is the USGS's: (consumption − domestic
/// production) / consumption, at least 0, for every stage its supply went through (1 where the country produces
/// nothing at that stage).
/// </summary>
public static class SourcingCalculator
{
    private static readonly Stage[] Stages = [Stage.Extraction, Stage.Processing, Stage.Manufacturing, Stage.Recycling];

    /// <summary>How finished material is: ore and scrap are feedstock (0), then refined (1), then manufactured (2).</summary>
    private static int Rank(Stage stage) => stage switch
    {
        Stage.Extraction or Stage.Recycling => 0,
        Stage.Processing => 1,
        Stage.Manufacturing => 2,
        _ => -1,
    };

    /// <summary>Passes over the network at most; a loop through ports settles well before (its material leaves it each pass).</summary>
    private const int MaxPasses = 60;

    public static Sourcing Compute(SupplyNetwork network, string country)
    {
        var flows = network.Lanes.ToDictionary(l => l, l => l.FlowTonnesPerDay);
        var order = Order(network);
        var outflow = new Dictionary<SupplyNode, Dictionary<Stage, Batch>>();
        var received = new Dictionary<SupplyNode, Batch>();
        // In flow order, again until nothing changes: material that goes round a loop of ports (ore out, metal back in)
        // settles, since what each node passes on follows from what reached it.
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var change = 0.0;
            foreach (var node in order)
            {
                var incoming = new Dictionary<Stage, Batch>();
                foreach (var lane in node.Inbound.Where(l => flows[l] > 0))
                {
                    if (!outflow.TryGetValue(lane.From, out var from)) continue;
                    foreach (var (last, part) in Take(from, node, flows[lane]))
                        incoming[last] = incoming.TryGetValue(last, out var known) ? known.Plus(part) : part;
                }
                var total = incoming.Values.Aggregate(Batch.Empty, (sum, b) => sum.Plus(b));
                change = Math.Max(change, received.TryGetValue(node, out var before) ? before.Distance(total) : total.Tonnes);
                received[node] = total;
                // Consumers pass nothing on: scrap reaches recyclers as the recyclers' own material, so recycling never loops.
                if (node.Stage == Stage.Logistics) outflow[node] = incoming;
                else if (Rank(node.Stage) >= 0) outflow[node] = new() { [node.Stage] = total.MadeAt(node.Stage, node.Country, Math.Max(total.Tonnes, 1)) };
            }
            if (change < 1e-9) break;
        }

        var consumers = network.Nodes.Where(n => n.Stage == Stage.Consumption && n.Country == country).ToList();
        var supply = consumers.Aggregate(Batch.Empty, (sum, c) => sum.Plus(received[c]));
        var intake = supply.Tonnes;
        var stages = new List<StageSourcing>();
        foreach (var stage in Stages)
        {
            if (!supply.Origins.TryGetValue(stage, out var origins)) continue;
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
                Math.Max(0, (intake - produced) / intake)));
        }
        return new Sourcing(network.Commodity, country, intake, consumers.Sum(n => n.DemandTonnesPerDay), stages);
    }

    /// <summary>What a lane of <paramref name="tonnes"/> to <paramref name="to"/> carries out of its origin's material, by last stage.</summary>
    private static IEnumerable<(Stage Last, Batch Part)> Take(Dictionary<Stage, Batch> from, SupplyNode to, double tonnes)
    {
        var classes = from.Where(c => c.Value.Tonnes > 0).ToList();
        if (classes.Count > 1 && to.Stage != Stage.Logistics)
        {
            var wanted = Rank(to.Stage) >= 0
                ? classes.Where(c => Rank(c.Key) < Rank(to.Stage)).ToList() is { Count: > 0 } below ? below.Where(c => Rank(c.Key) == below.Max(b => Rank(b.Key))).ToList() : classes
                : classes.Where(c => Rank(c.Key) == classes.Max(b => Rank(b.Key))).ToList();
            classes = wanted;
        }
        var total = classes.Sum(c => c.Value.Tonnes);
        foreach (var (last, batch) in classes) yield return (last, batch.Scaled(tonnes * batch.Tonnes / total));
    }

    /// <summary>
    /// The nodes in flow order: walked from the sources (nodes nothing flows into), following lanes to later stages
    /// first, each node after the nodes that feed it except along a lane that closes a loop.
    /// </summary>
    private static List<SupplyNode> Order(SupplyNetwork network)
    {
        var visited = new HashSet<SupplyNode>();
        var finished = new List<SupplyNode>();
        void Visit(SupplyNode node)
        {
            visited.Add(node);
            foreach (var lane in node.Outbound.OrderByDescending(l => Rank(l.To.Stage)).ThenBy(l => l.Id, StringComparer.Ordinal))
                if (!visited.Contains(lane.To)) Visit(lane.To);
            finished.Add(node);
        }
        foreach (var node in network.Nodes.OrderBy(n => n.Inbound.Count > 0).ThenBy(n => n.Id, StringComparer.Ordinal))
            if (!visited.Contains(node)) Visit(node);
        finished.Reverse();
        return finished;
    }

    /// <summary>Tonnes of material and, per stage, the tonnes of it that went through that stage in each country.</summary>
    private sealed record Batch(double Tonnes, Dictionary<Stage, Dictionary<string, double>> Origins)
    {
        public static readonly Batch Empty = new(0, []);

        public Batch Plus(Batch other)
        {
            var origins = Origins.ToDictionary(o => o.Key, o => new Dictionary<string, double>(o.Value, StringComparer.Ordinal));
            foreach (var (stage, countries) in other.Origins)
            {
                if (!origins.TryGetValue(stage, out var mine)) origins[stage] = mine = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (c, t) in countries) mine[c] = mine.GetValueOrDefault(c) + t;
            }
            return new Batch(Tonnes + other.Tonnes, origins);
        }

        /// <summary>How far apart two batches are: tonnes, and tonnes by stage and country.</summary>
        public double Distance(Batch other)
        {
            var d = Math.Abs(Tonnes - other.Tonnes);
            foreach (var stage in Origins.Keys.Union(other.Origins.Keys))
            {
                var a = Origins.GetValueOrDefault(stage) ?? [];
                var b = other.Origins.GetValueOrDefault(stage) ?? [];
                foreach (var c in a.Keys.Union(b.Keys)) d = Math.Max(d, Math.Abs(a.GetValueOrDefault(c) - b.GetValueOrDefault(c)));
            }
            return d;
        }

        public Batch Scaled(double tonnes) => Tonnes > 0
            ? new Batch(tonnes, Origins.ToDictionary(o => o.Key, o => o.Value.ToDictionary(c => c.Key, c => c.Value * tonnes / Tonnes, StringComparer.Ordinal)))
            : new Batch(tonnes, []);

        /// <summary>This material, as <paramref name="tonnes"/> that went through <paramref name="stage"/> in <paramref name="country"/>.</summary>
        public Batch MadeAt(Stage stage, string country, double tonnes)
        {
            var scaled = Scaled(tonnes);
            scaled.Origins[stage] = new Dictionary<string, double>(StringComparer.Ordinal) { [country] = tonnes };
            return scaled;
        }
    }
}
