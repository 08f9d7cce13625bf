using Google.Protobuf.WellKnownTypes;
using Monitoring.Api.V1;

namespace Monitoring.Bench.Workloads;

/// <summary>
/// One feed's stream of batches. Readings stay inside their normal bands (nothing is detected but the
/// triggers); each lane alternates DEPARTED and ARRIVED of numbered shipments, in order.
/// </summary>
public sealed class FeedBatches
{
    private readonly Workload _workload;
    private readonly string _runTag;
    private readonly Random _random;
    private readonly string[] _nodes;
    private readonly string[] _lanes;
    private readonly string[] _hot;
    private readonly string[] _triggers;
    private readonly bool[] _triggerOpen;
    private readonly Dictionary<string, (long Shipment, bool InTransit)> _shipments = [];
    private int _nodeCursor, _laneCursor, _triggerCursor;
    private long _batches;

    internal FeedBatches(Workload workload, int feed, string runTag, int seed)
    {
        _workload = workload;
        _runTag = runTag;
        _random = new Random(seed);
        _triggers = [.. workload.TriggerNodes(feed)];
        _triggerOpen = new bool[_triggers.Length];
        var triggerSet = _triggers.ToHashSet();
        var hotSet = workload.Kind == WorkloadKind.W2 ? Enumerable.Range(0, Workload.HotNodes).Select(Workload.NodeId).ToHashSet() : [];
        _hot = [.. hotSet];
        _nodes = [.. workload.OwnNodes(feed).Select(Workload.NodeId).Where(n => !hotSet.Contains(n) && !triggerSet.Contains(n))];
        _lanes = [.. workload.OwnLanes(feed).Select(l => Workload.LaneId(l.Chain, l.K))];
        if (_nodes.Length < Workload.SubjectsPerBatch) throw new ArgumentException($"feed {feed} has {_nodes.Length} nodes of its own; a batch needs {Workload.SubjectsPerBatch}");
    }

    /// <summary>A trigger that the batch just built carries: its node, and whether it opens (or clears) a disruption.</summary>
    public (string Node, bool Opens)? LastTrigger { get; private set; }

    public List<Observation> Next(DateTimeOffset now)
    {
        var at = Timestamp.FromDateTimeOffset(now);
        var observations = new List<Observation>(Workload.ObservationsPerBatch);
        // A trigger takes one observation and one subject of the batch: still 500 observations over 50 subjects.
        LastTrigger = null;
        if (++_batches % Workload.BatchesPerTrigger == 0 && _triggers.Length > 0)
        {
            var t = _triggerCursor++ % _triggers.Length;
            var opens = !_triggerOpen[t];
            _triggerOpen[t] = opens;
            observations.Add(new Observation
            {
                ObservedAt = at,
                Report = new DisruptionReport
                {
                    SubjectId = _triggers[t],
                    ReportId = $"bench-{_runTag}-{t}",
                    Cause = Cause.Strike,
                    Severity = Severity.Warning,
                    Message = "benchmark trigger",
                    Clear = !opens,
                },
            });
            LastTrigger = (_triggers[t], opens);
        }
        var lanes = _lanes.Length == 0 ? 0 : Workload.LanesPerBatch;
        var subjects = PickNodes(Workload.SubjectsPerBatch - lanes - observations.Count);
        var measurements = Workload.ObservationsPerBatch - (lanes == 0 ? 0 : Workload.ShipmentsPerBatch) - observations.Count;
        for (var i = 0; i < measurements; i++)
        {
            var node = subjects[i % subjects.Length];
            var power = i / subjects.Length % 4 == 3;
            observations.Add(new Observation
            {
                ObservedAt = at,
                Measurement = new NodeMeasurement
                {
                    NodeId = node,
                    Metric = power ? Metric.PowerAvailability : Metric.Utilization,
                    Value = power ? 0.99 + 0.01 * _random.NextDouble() : 0.84 + 0.02 * _random.NextDouble(),
                },
            });
        }
        for (var i = 0; i < Workload.ShipmentsPerBatch && lanes > 0; i++)
        {
            var lane = _lanes[(_laneCursor + i % lanes) % _lanes.Length];
            observations.Add(Shipment(lane, at, now));
        }
        _laneCursor = lanes == 0 ? 0 : (_laneCursor + lanes) % _lanes.Length;
        return observations;
    }

    private string[] PickNodes(int count)
    {
        var picked = new string[count];
        var own = count;
        if (_hot.Length > 0)
        {
            var hot = Math.Min(Workload.HotSubjectsPerBatch, count);
            // A random sample of distinct hot nodes (partial Fisher–Yates over the shared array).
            for (var i = 0; i < hot; i++)
            {
                var j = _random.Next(i, _hot.Length);
                (_hot[i], _hot[j]) = (_hot[j], _hot[i]);
                picked[i] = _hot[i];
            }
            own = count - hot;
        }
        for (var i = 0; i < own; i++)
        {
            picked[count - own + i] = _nodes[_nodeCursor];
            _nodeCursor = (_nodeCursor + 1) % _nodes.Length;
        }
        return picked;
    }

    private Observation Shipment(string lane, Timestamp at, DateTimeOffset now)
    {
        _shipments.TryGetValue(lane, out var state);
        var departing = !state.InTransit;
        var shipment = new ShipmentEvent
        {
            LaneId = lane,
            ShipmentId = $"{_runTag}-{state.Shipment}",
            Kind = departing ? ShipmentEventKind.Departed : ShipmentEventKind.Arrived,
            QuantityT = 900,
        };
        if (departing) shipment.Eta = Timestamp.FromDateTimeOffset(now.AddHours(48));
        _shipments[lane] = departing ? (state.Shipment, true) : (state.Shipment + 1, false);
        return new Observation { ObservedAt = at, Shipment = shipment };
    }
}
