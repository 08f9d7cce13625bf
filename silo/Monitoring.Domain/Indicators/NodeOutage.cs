namespace Monitoring.Domain.Indicators;

/// <summary>
/// What one producing node's customers go through while it is down: per customer, the arrivals its lanes no longer
/// bring (from each lane's transit time on: cargo at sea still lands) less what the customer's other suppliers make
/// up through their own lanes (<see cref="Substitution"/>), drawn against the customers' inventory taken together.
/// The same model as the stress test's, asked the other way round: how long an outage can last.
/// </summary>
internal sealed class NodeOutage
{
    /// <summary>Outages longer than this (ten years) count as lasting for ever: a TTS beyond it is unbounded.</summary>
    internal const double LongestOutageDays = 3650;

    private readonly List<Customer> _customers;

    private NodeOutage(List<Customer> customers, double bufferTonnes)
    {
        _customers = customers;
        BufferTonnes = bufferTonnes;
        ShortfallTonnesPerDay = customers.Sum(c => c.ShortfallTonnesPerDay);
    }

    /// <summary>d_j: what the customers lack per day once every substitute has arrived.</summary>
    public double ShortfallTonnesPerDay { get; }

    /// <summary>B_j: the customers' inventory.</summary>
    public double BufferTonnes { get; }

    /// <summary>The node's outage as its lanes carry it to its customers.</summary>
    /// <param name="leads"><see cref="Substitution.Leads"/> of the network, shared by the outages of all its nodes.</param>
    public static NodeOutage Through(SupplyNetwork network, SupplyNode node, Dictionary<SupplyNode, double>? leads = null)
    {
        var substitution = new Substitution(network, [node], leads: leads);
        var customers = new List<Customer>();
        var buffer = 0.0;
        foreach (var group in node.Outbound.Where(l => l.IsOpen && l.To != node).GroupBy(l => l.To).OrderBy(g => g.Key.Id, StringComparer.Ordinal))
        {
            var lanes = group.ToHashSet();
            var losses = lanes.Select(l => (Transit: l.TransitDays, Rate: l.FlowTonnesPerDay)).Where(l => l.Rate > 0).ToList();
            if (losses.Count == 0) continue;
            var substitutes = substitution.For(group.Key, lanes, losses.Sum(l => l.Rate), double.MaxValue);
            customers.Add(new Customer(losses, substitutes, losses.Max(l => l.Transit)));
            buffer += group.Key.InventoryTonnes;
        }
        return new NodeOutage(customers, buffer);
    }

    /// <summary>
    /// A node with no lanes out: the topology does not say whom it supplies, so the loss lands at once, the rest of
    /// its stage makes up <paramref name="spareElsewhere"/> at once, and nothing is buffered.
    /// </summary>
    public static NodeOutage Unrouted(SupplyNode node, double spareElsewhere)
    {
        var lost = node.OutputAtRiskTonnesPerDay;
        if (!(lost > 0)) return new NodeOutage([], 0);
        var customer = new Customer([(0, lost)], [new LossStep(0, double.MaxValue, -Math.Min(lost, spareElsewhere))], 0);
        return new NodeOutage([customer], 0);
    }

    /// <summary>TTS: the longest outage the customers absorb without running out; null when even <see cref="LongestOutageDays"/> is absorbed.</summary>
    /// <remarks>
    /// Stock is not rebuilt, so they run out exactly when the tonnes they lack over the whole disturbance, V(D), exceed the
    /// buffer. V is continuous, never falls as D grows, and is linear between the lengths at which an outage's last missing
    /// arrival passes a first one (see <see cref="Customer"/>), so TTS is read off exactly between two of those.
    /// </remarks>
    public double? TimeToSurvive()
    {
        double previous = 0, volume = 0;
        foreach (var days in _customers.SelectMany(c => c.Kinks).Where(d => d > 0).Distinct().Order())
        {
            var next = Volume(days);
            if (next > BufferTonnes + Tolerance)
            {
                var crossing = Math.Min(days, previous + (BufferTonnes - volume) * (days - previous) / (next - volume));
                return crossing > LongestOutageDays ? null : crossing;
            }
            (previous, volume) = (days, next);
        }
        // Past the last kink every substitute has landed: the customers lack d_j a day for each day more.
        if (ShortfallTonnesPerDay <= Tolerance) return null;
        var tts = previous + Math.Max(0, BufferTonnes - volume) / ShortfallTonnesPerDay;
        return tts > LongestOutageDays ? null : tts;
    }

    /// <summary>Tonnes the customers are short over an outage of <paramref name="days"/>, once their supply is back.</summary>
    public double ShortTonnes(double days) => Math.Max(0, Volume(days) - BufferTonnes);

    private const double Tolerance = 1e-9;

    /// <summary>V(D): the tonnes the customers lack over the whole disturbance of an outage of <paramref name="days"/>.</summary>
    private double Volume(double days) => _customers.Sum(c => c.Volume(days));

    /// <summary>One customer: what each lost lane brought it (and after how many days it stops arriving), and its substitutes.</summary>
    private sealed class Customer
    {
        private readonly List<(double Transit, double Rate)> _losses;
        private readonly List<LossStep> _substitutes;
        private readonly double _lastTransit;

        public Customer(List<(double Transit, double Rate)> losses, List<LossStep> substitutes, double lastTransit)
        {
            _losses = losses;
            _substitutes = substitutes;
            _lastTransit = lastTransit;
            ShortfallTonnesPerDay = Math.Max(0, losses.Sum(l => l.Rate) + substitutes.Sum(s => s.TonnesPerDay));
            // The days on which a loss or a substitute starts stay put; the days on which they end move with the outage's
            // length. The volume lacking is linear in the length until an end passes a start: at length start − offset.
            var starts = losses.Select(l => l.Transit).Concat(substitutes.Select(s => s.StartDay));
            var offsets = losses.Select(l => l.Transit).Append(lastTransit).Distinct().ToList();
            Kinks = [.. starts.SelectMany(start => offsets.Select(offset => start - offset)).Where(d => d > 0).Distinct()];
        }

        public double ShortfallTonnesPerDay { get; }

        public IReadOnlyList<double> Kinks { get; }

        /// <summary>The volume lacking over an outage of <paramref name="days"/>.</summary>
        public double Volume(double days)
        {
            if (_losses.Count == 1)
            {
                // One lane: f t/d missing on [t, D + t), each substitute (never more than f together) taking its s off from
                // its arrival (or t) on.
                var (transit, rate) = _losses[0];
                return rate * days - _substitutes.Sum(s => -s.TonnesPerDay * Math.Max(0, days + transit - Math.Max(s.StartDay, transit)));
            }
            return Substitution.Net(
                    _losses.Select(l => new LossStep(l.Transit, days + l.Transit, l.Rate)).ToList(),
                    _substitutes.Select(s => s with { EndDay = days + _lastTransit }).ToList())
                .Sum(s => (s.EndDay - s.StartDay) * s.TonnesPerDay);
        }
    }
}
