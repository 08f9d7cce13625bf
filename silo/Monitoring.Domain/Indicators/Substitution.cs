namespace Monitoring.Domain.Indicators;

/// <summary>
/// Where a node that loses supply gets it instead: the one model the stress test and TTS/TTR share. Its other
/// suppliers send more through the lanes they already have to it, up to their spare capacity and the lane's
/// headroom; a supplier that only passes on or transforms what it receives (a port, a smelter, a refinery) can
/// send more only as far as its own suppliers can send it more in turn. Substitutes are ordered on day 0, when the
/// outage is known, and arrive after the transit times of every lane they travel. A tonne of spare capacity or
/// lane headroom is promised once: one instance serves every customer of one outage, the first served first.
/// </summary>
public sealed class Substitution
{
    private readonly Dictionary<SupplyNode, double> _spare = [];
    private readonly Dictionary<SupplyLane, double> _headroom = [];
    private readonly SupplyNetwork _network;
    private Dictionary<SupplyNode, double>? _lead;
    private readonly HashSet<SupplyNode> _unavailable;
    private readonly IReadOnlySet<SupplyLane> _closed;

    /// <param name="unavailable">Nodes that have nothing to offer whatever their status says (the ones the outage takes down or impairs).</param>
    /// <param name="closed">Lanes the outage closes (lanes already disrupted are closed anyway).</param>
    /// <param name="leads">What <see cref="Leads"/> gives for this network, when the caller has it already.</param>
    public Substitution(SupplyNetwork network, IEnumerable<SupplyNode> unavailable, IReadOnlySet<SupplyLane>? closed = null, Dictionary<SupplyNode, double>? leads = null)
    {
        _network = network;
        _lead = leads;
        _unavailable = [.. unavailable];
        _closed = closed ?? new HashSet<SupplyLane>();
    }

    /// <summary>A node found short itself (its stock ran out) has nothing more to send anyone.</summary>
    public void Exhaust(SupplyNode node) => _unavailable.Add(node);

    /// <summary>
    /// Up to <paramref name="tonnesPerDay"/> of substitute supply for <paramref name="customer"/>, from its suppliers other than
    /// the <paramref name="lost"/> lanes: negative loss steps from each substitute's arrival until <paramref name="untilDay"/>.
    /// </summary>
    public List<LossStep> For(SupplyNode customer, IReadOnlySet<SupplyLane> lost, double tonnesPerDay, double untilDay)
    {
        var steps = new List<LossStep>();
        var visited = new HashSet<SupplyNode> { customer };
        var wanted = tonnesPerDay;
        foreach (var lane in Suppliers(customer, lost, visited))
        {
            if (wanted <= Tolerance) break;
            foreach (var (rate, delay) in Draw(lane, wanted, visited, 0, untilDay))
            {
                wanted -= rate;
                steps.Add(new LossStep(delay, untilDay, -rate));
            }
        }
        return steps;
    }

    /// <summary>
    /// The losses minus the substitutes, never below nothing at any time: substitutes that arrive before the loss do
    /// not build stock, and one customer's substitutes never offset another's loss (call this per customer).
    /// </summary>
    public static List<LossStep> Net(IReadOnlyList<LossStep> losses, IReadOnlyList<LossStep> substitutes)
    {
        var changes = losses.Concat(substitutes).Where(s => s.EndDay > s.StartDay)
            .SelectMany(s => new[] { (Day: s.StartDay, Rate: s.TonnesPerDay), (Day: s.EndDay, Rate: -s.TonnesPerDay) })
            .OrderBy(c => c.Day)
            .ToList();
        var result = new List<LossStep>();
        var sum = 0.0;
        for (var i = 0; i < changes.Count; i++)
        {
            sum += changes[i].Rate;
            var from = changes[i].Day;
            if (i + 1 == changes.Count || changes[i + 1].Day == from) continue;
            var (to, rate) = (changes[i + 1].Day, sum);
            if (rate <= Tolerance) continue;
            if (result.Count > 0 && result[^1].EndDay == from && Math.Abs(result[^1].TonnesPerDay - rate) <= Tolerance)
                result[^1] = result[^1] with { EndDay = to };
            else
                result.Add(new LossStep(from, to, rate));
        }
        return result;
    }

    private const double Tolerance = 1e-9;

    /// <summary>
    /// Open lanes into a node from suppliers that might send more, the soonest to land first: by the lane's transit plus
    /// the quickest route to its supplier from a source (then by id, for a stable result).
    /// </summary>
    private List<SupplyLane> Suppliers(SupplyNode node, IReadOnlySet<SupplyLane> lost, HashSet<SupplyNode> visited) => node.Inbound
        .Where(l => Usable(l) && !lost.Contains(l) && !visited.Contains(l.From))
        .OrderBy(l => l.TransitDays + Lead(l.From))
        .ThenBy(l => l.Id, StringComparer.Ordinal)
        .ToList();

    private bool Usable(SupplyLane lane) => lane.IsOpen && !_closed.Contains(lane) && lane.From.Produces && !_unavailable.Contains(lane.From);

    private double Lead(SupplyNode node) => (_lead ??= Leads(_network)).GetValueOrDefault(node, double.PositiveInfinity);

    /// <summary>
    /// Days from a mine or recycler to each node by its quickest route through open lanes (0 for a source; missing when
    /// none), which orders suppliers only. The same for every outage of a network, so callers testing many (TTS) compute it once.
    /// </summary>
    public static Dictionary<SupplyNode, double> Leads(SupplyNetwork network)
    {
        var lead = new Dictionary<SupplyNode, double>();
        var queue = new PriorityQueue<SupplyNode, double>();
        foreach (var source in network.Nodes.Where(n => IsSource(n) && n.Produces))
        {
            lead[source] = 0;
            queue.Enqueue(source, 0);
        }
        while (queue.TryDequeue(out var next, out var days))
        {
            if (days > lead[next]) continue;
            foreach (var lane in next.Outbound.Where(l => l.IsOpen && l.From.Produces))
            {
                var arrival = days + lane.TransitDays;
                if (arrival >= lead.GetValueOrDefault(lane.To, double.PositiveInfinity)) continue;
                lead[lane.To] = arrival;
                queue.Enqueue(lane.To, arrival);
            }
        }
        return lead;
    }

    /// <summary>
    /// What a lane's supplier can send more through it, as (tonnes per day, days until it lands) pieces; <paramref name="elapsed"/>
    /// is the transit still ahead of it downstream. Nothing that would land after <paramref name="untilDay"/> is promised.
    /// </summary>
    private List<(double Rate, double Delay)> Draw(SupplyLane lane, double wanted, HashSet<SupplyNode> visited, double elapsed, double untilDay)
    {
        var supplier = lane.From;
        var pieces = new List<(double Rate, double Delay)>();
        var arrival = elapsed + lane.TransitDays;
        if (arrival >= untilDay) return pieces;
        var headroom = _headroom.TryGetValue(lane, out var h) ? h
            : lane.CapacityTonnesPerDay > 0 ? Math.Max(0, lane.CapacityTonnesPerDay - lane.FlowTonnesPerDay) : double.PositiveInfinity;
        var spare = _spare.TryGetValue(supplier, out var s) ? s : supplier.SpareTonnesPerDay;
        var limit = Math.Min(wanted, Math.Min(headroom, spare));
        if (limit <= Tolerance) return pieces;
        if (IsSource(supplier))
        {
            pieces.Add((limit, arrival));
        }
        else
        {
            // It needs the input for what it sends on: drawn from its own suppliers, through their lanes.
            visited.Add(supplier);
            var needed = limit;
            foreach (var upstream in Suppliers(supplier, NoLanes, visited))
            {
                if (needed <= Tolerance) break;
                foreach (var piece in Draw(upstream, needed, visited, arrival, untilDay))
                {
                    needed -= piece.Rate;
                    pieces.Add(piece);
                }
            }
            visited.Remove(supplier);
        }
        var sent = pieces.Sum(p => p.Rate);
        _spare[supplier] = spare - sent;
        _headroom[lane] = headroom - sent;
        return pieces;
    }

    private static readonly HashSet<SupplyLane> NoLanes = [];

    /// <summary>Extraction and recycling make supply from what the network does not model (ore, scrap); so does a node with no suppliers.</summary>
    private static bool IsSource(SupplyNode node) =>
        node.Stage is Stage.Extraction or Stage.Recycling || node.Inbound.Count == 0;
}
