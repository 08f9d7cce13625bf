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
    private readonly HashSet<SupplyNode> _unavailable;
    private readonly IReadOnlySet<SupplyLane> _closed;

    /// <param name="unavailable">Nodes that have nothing to offer whatever their status says (the ones the outage takes down or impairs).</param>
    /// <param name="closed">Lanes the outage closes (lanes already disrupted are closed anyway).</param>
    public Substitution(IEnumerable<SupplyNode> unavailable, IReadOnlySet<SupplyLane>? closed = null)
    {
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
            foreach (var (rate, delay) in Draw(lane, wanted, visited))
            {
                wanted -= rate;
                if (delay < untilDay) steps.Add(new LossStep(delay, untilDay, -rate));
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

    /// <summary>Open lanes into a node from suppliers that might send more, the quickest first (then by id, for a stable result).</summary>
    private IEnumerable<SupplyLane> Suppliers(SupplyNode node, IReadOnlySet<SupplyLane> lost, HashSet<SupplyNode> visited) => node.Inbound
        .Where(l => l.IsOpen && !_closed.Contains(l) && !lost.Contains(l) && l.From.Produces && !visited.Contains(l.From) && !_unavailable.Contains(l.From))
        .OrderBy(l => l.TransitDays)
        .ThenBy(l => l.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>What a lane's supplier can send more through it, as (tonnes per day, days until it arrives) pieces.</summary>
    private List<(double Rate, double Delay)> Draw(SupplyLane lane, double wanted, HashSet<SupplyNode> visited)
    {
        var supplier = lane.From;
        var headroom = _headroom.TryGetValue(lane, out var h) ? h
            : lane.CapacityTonnesPerDay > 0 ? Math.Max(0, lane.CapacityTonnesPerDay - lane.FlowTonnesPerDay) : double.PositiveInfinity;
        var spare = _spare.TryGetValue(supplier, out var s) ? s : supplier.SpareTonnesPerDay;
        var limit = Math.Min(wanted, Math.Min(headroom, spare));
        var pieces = new List<(double Rate, double Delay)>();
        if (limit <= Tolerance) return pieces;
        if (IsSource(supplier))
        {
            pieces.Add((limit, lane.TransitDays));
        }
        else
        {
            // It needs the input for what it sends on: drawn from its own suppliers, through their lanes.
            visited.Add(supplier);
            var needed = limit;
            foreach (var upstream in Suppliers(supplier, new HashSet<SupplyLane>(), visited))
            {
                if (needed <= Tolerance) break;
                foreach (var (rate, delay) in Draw(upstream, needed, visited))
                {
                    needed -= rate;
                    pieces.Add((rate, delay + lane.TransitDays));
                }
            }
            visited.Remove(supplier);
        }
        var sent = pieces.Sum(p => p.Rate);
        _spare[supplier] = spare - sent;
        _headroom[lane] = headroom - sent;
        return pieces;
    }

    /// <summary>Extraction and recycling make supply from what the network does not model (ore, scrap); so does a node with no suppliers.</summary>
    private static bool IsSource(SupplyNode node) =>
        node.Stage is Stage.Extraction or Stage.Recycling || node.Inbound.Count == 0;
}
