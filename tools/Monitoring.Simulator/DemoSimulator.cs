using Google.Protobuf.WellKnownTypes;
using Monitoring.Api.V1;

namespace Monitoring.Simulator;

/// <summary>
/// Simulates every node and lane of a topology: output, handled volume, consumption and inventory
/// with noise; shipments departing, moving and arriving; and the scripted incidents. Each subject's
/// observations go to the feed named after its owner, as a real provider's would.
/// </summary>
public sealed class DemoSimulator
{
    private const double Noise = 0.02;
    private const int MaxShipmentsPerLane = 12;

    private readonly Random _random;
    private readonly DemoScript _script;
    private readonly DateTimeOffset _start;
    private readonly IReadOnlyList<SimulatedNode> _nodes;
    private readonly IReadOnlyList<SimulatedLane> _lanes;
    private readonly HashSet<string> _declared = [];

    /// <param name="leaveAlone">Providers (owners) whose nodes and lanes are not simulated: a real provider may publish them (docs/api.md).</param>
    public DemoSimulator(Topology topology, DemoScript script, DateTimeOffset start, int seed = 2026, IReadOnlySet<string>? leaveAlone = null)
    {
        _random = new Random(seed);
        _script = script;
        _start = start;
        leaveAlone ??= new HashSet<string>();
        _nodes = topology.Nodes.Where(n => !leaveAlone.Contains(n.Owner)).Select(n => new SimulatedNode(n, 0.9 + 0.1 * _random.NextDouble(), 0.4 + 0.3 * _random.NextDouble())).ToList();
        var nodesById = topology.Nodes.ToDictionary(n => n.Id);
        _lanes = topology.Lanes
            .Where(l => !leaveAlone.Contains(l.Owner) && nodesById.ContainsKey(l.FromNodeId) && nodesById.ContainsKey(l.ToNodeId))
            .Select(l => new SimulatedLane(l, nodesById[l.FromNodeId], nodesById[l.ToNodeId], TimeSpan.FromSeconds(60 + 240 * _random.NextDouble()), RunTag(start)))
            .ToList();
        var ids = _nodes.Select(n => n.Spec.Id).Concat(_lanes.Select(l => l.Spec.Id)).ToHashSet();
        MissingSubjects = script.Incidents.Where(i => !ids.Contains(i.SubjectId)).Select(i => i.SubjectId).Distinct().ToList();
    }

    /// <summary>Incident subjects the topology does not have, or whose provider is left alone (those incidents are skipped).</summary>
    public IReadOnlyList<string> MissingSubjects { get; }

    /// <summary>Incidents active at a time.</summary>
    public IReadOnlyList<ScriptedIncident> ActiveIncidents(DateTimeOffset now)
    {
        var offset = OffsetInCycle(now);
        return _script.Incidents.Where(i => i.IsActive(offset) && !MissingSubjects.Contains(i.SubjectId)).ToList();
    }

    /// <summary>Everything observed at <paramref name="now"/>, grouped by feed.</summary>
    public IReadOnlyList<FeedBatch> Tick(DateTimeOffset now)
    {
        var byFeed = new Dictionary<string, List<Observation>>(StringComparer.Ordinal);
        void Emit(string owner, Observation observation)
        {
            if (!byFeed.TryGetValue(owner, out var list)) byFeed[owner] = list = [];
            list.Add(observation);
        }

        var at = Timestamp.FromDateTimeOffset(now);
        var active = ActiveIncidents(now);
        foreach (var node in _nodes)
        {
            var factor = active.Where(i => i.SubjectId == node.Spec.Id).Select(i => i.OutputFactor).DefaultIfEmpty(1.0).Min();
            foreach (var measurement in node.Measure(factor, Jitter))
            {
                Emit(node.Spec.Owner, new Observation { ObservedAt = at, Measurement = measurement });
            }
        }
        foreach (var lane in _lanes)
        {
            foreach (var shipment in lane.Advance(now, Jitter, MaxShipmentsPerLane))
            {
                Emit(lane.Spec.Owner, new Observation { ObservedAt = at, Shipment = shipment });
            }
        }
        foreach (var report in DeclaredReports(now))
        {
            Emit(OwnerOf(report.SubjectId), new Observation { ObservedAt = at, Report = report });
        }
        return byFeed.Select(kv => new FeedBatch(kv.Key, kv.Value)).ToList();
    }

    private IEnumerable<DisruptionReport> DeclaredReports(DateTimeOffset now)
    {
        var cycle = (long)((now - _start) / _script.Cycle);
        var offset = OffsetInCycle(now);
        foreach (var incident in _script.Incidents)
        {
            if (incident.DeclaredCause is not { } cause || MissingSubjects.Contains(incident.SubjectId)) continue;
            var reportId = $"{incident.Name}-{cycle + 1}";
            if (incident.IsActive(offset) && _declared.Add(reportId))
            {
                yield return new DisruptionReport
                {
                    SubjectId = incident.SubjectId,
                    ReportId = reportId,
                    Cause = cause,
                    Severity = incident.DeclaredSeverity,
                    ExpectedDuration = incident.ExpectedDuration is { } d ? Duration.FromTimeSpan(d) : null,
                    Message = incident.Message,
                };
            }
            else if (!incident.IsActive(offset) && _declared.Remove(reportId))
            {
                yield return new DisruptionReport { SubjectId = incident.SubjectId, ReportId = reportId, Clear = true, Message = "resolved: " + incident.Message };
            }
            // An incident still declared from the previous cycle ends with that cycle.
            var previous = $"{incident.Name}-{cycle}";
            if (_declared.Remove(previous))
            {
                yield return new DisruptionReport { SubjectId = incident.SubjectId, ReportId = previous, Clear = true, Message = "resolved: " + incident.Message };
            }
        }
    }

    private string OwnerOf(string subjectId) =>
        _nodes.FirstOrDefault(n => n.Spec.Id == subjectId)?.Spec.Owner ?? _lanes.First(l => l.Spec.Id == subjectId).Spec.Owner;

    private TimeSpan OffsetInCycle(DateTimeOffset now)
    {
        var elapsed = now - _start;
        if (elapsed < TimeSpan.Zero) elapsed = TimeSpan.Zero;
        return TimeSpan.FromTicks(elapsed.Ticks % _script.Cycle.Ticks);
    }

    private double Jitter() => 1 + Noise * (2 * _random.NextDouble() - 1);

    private sealed class SimulatedNode(Node spec, double utilizationFactor, double inventoryLevel)
    {
        private double _inventoryLevel = inventoryLevel;

        public Node Spec { get; } = spec;

        public IEnumerable<NodeMeasurement> Measure(double incidentFactor, Func<double> jitter)
        {
            var utilization = (Spec.ExpectedUtilization > 0 ? Spec.ExpectedUtilization : 0.85) * utilizationFactor;
            var logistics = Spec.Commodities.Count > 0 && Spec.Commodities.All(c => c.Stage == Stage.Logistics);
            if (logistics)
            {
                var handled = Spec.Commodities.Sum(c => c.CapacityTpd) * utilization * incidentFactor * jitter();
                yield return new NodeMeasurement { NodeId = Spec.Id, Metric = Metric.HandledTpd, Value = Math.Round(handled, 2) };
            }
            for (var i = 0; i < Spec.Commodities.Count; i++)
            {
                var c = Spec.Commodities[i];
                var commodity = i == 0 ? "" : c.Commodity;
                if (c.Stage is Stage.Extraction or Stage.Processing or Stage.Manufacturing or Stage.Recycling && c.CapacityTpd > 0)
                {
                    var output = c.CapacityTpd * utilization * incidentFactor * jitter();
                    yield return new NodeMeasurement { NodeId = Spec.Id, Metric = Metric.OutputTpd, Value = Math.Round(output, 2), Commodity = commodity };
                }
                if (c.DemandTpd > 0)
                {
                    yield return new NodeMeasurement { NodeId = Spec.Id, Metric = Metric.ConsumptionTpd, Value = Math.Round(c.DemandTpd * jitter(), 2), Commodity = commodity };
                }
            }
            if (Spec.InventoryCapacityT > 0)
            {
                // Stock drifts slowly; an incident at the node draws it down.
                _inventoryLevel = Math.Clamp(_inventoryLevel + 0.01 * (jitter() - 1) / 0.02 - (incidentFactor < 1 ? 0.004 : 0), 0.05, 0.95);
                yield return new NodeMeasurement { NodeId = Spec.Id, Metric = Metric.InventoryT, Value = Math.Round(Spec.InventoryCapacityT * _inventoryLevel, 1) };
            }
        }
    }

    /// <summary>
    /// Part of every shipment id: a restarted simulator (the state kept in Redis) starts new voyages
    /// instead of "departing" shipments its previous run left in transit.
    /// </summary>
    private static string RunTag(DateTimeOffset start) => start.ToUnixTimeSeconds().ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class SimulatedLane(Lane spec, Node from, Node to, TimeSpan departureInterval, string runTag)
    {
        private readonly List<(string Id, DateTimeOffset DepartedAt, DateTimeOffset Eta, double Tonnes)> _inTransit = [];
        private DateTimeOffset? _nextDeparture;
        private int _counter;

        public Lane Spec { get; } = spec;

        public IEnumerable<ShipmentEvent> Advance(DateTimeOffset now, Func<double> jitter, int maxInTransit)
        {
            var transit = TimeSpan.FromHours(Spec.BaselineTransitH > 0 ? Spec.BaselineTransitH : 24);
            foreach (var arrived in _inTransit.Where(s => s.Eta <= now).ToList())
            {
                _inTransit.Remove(arrived);
                yield return new ShipmentEvent { LaneId = Spec.Id, ShipmentId = arrived.Id, Kind = ShipmentEventKind.Arrived, QuantityT = arrived.Tonnes };
            }
            _nextDeparture ??= now + departureInterval / 4;
            if (now >= _nextDeparture && _inTransit.Count < maxInTransit)
            {
                _nextDeparture = now + departureInterval;
                var tonnes = Math.Round(Math.Max(1, Spec.CapacityTpd * Math.Min(transit.TotalDays, 5)) * jitter(), 1);
                var id = $"{Spec.Id}#{runTag}-{++_counter}";
                var eta = now + transit;
                _inTransit.Add((id, now, eta, tonnes));
                yield return new ShipmentEvent
                {
                    LaneId = Spec.Id, ShipmentId = id, Kind = ShipmentEventKind.Departed, QuantityT = tonnes,
                    Eta = Timestamp.FromDateTimeOffset(eta), Lat = from.Lat, Lon = from.Lon,
                };
            }
            else if (Spec.Mode == TransportMode.Sea && _inTransit.Count > 0)
            {
                // A position report for the oldest vessel, interpolated along the great-circle chord.
                var (shipmentId, departedAt, shipmentEta, shipmentTonnes) = _inTransit[0];
                var progress = Math.Clamp((now - departedAt) / (shipmentEta - departedAt), 0, 1);
                yield return new ShipmentEvent
                {
                    LaneId = Spec.Id, ShipmentId = shipmentId, Kind = ShipmentEventKind.Position, QuantityT = shipmentTonnes,
                    Eta = Timestamp.FromDateTimeOffset(shipmentEta),
                    Lat = Math.Round(from.Lat + (to.Lat - from.Lat) * progress, 4),
                    Lon = Math.Round(from.Lon + (to.Lon - from.Lon) * progress, 4),
                };
            }
        }
    }
}
