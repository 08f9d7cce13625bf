using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Monitoring.Api.V1;

namespace Monitoring.Bench.Workloads;

/// <summary>The standard workloads of DESIGN §12.</summary>
public enum WorkloadKind
{
    /// <summary>Every subject alike: batches walk round the feed's own subjects.</summary>
    W1,

    /// <summary>Hot spot: 100 nodes take 80 % of the traffic (group commit must coalesce their batches).</summary>
    W2,
}

/// <summary>
/// A synthetic network and the batches sent about it. Nodes come in chains of four (mine → smelter →
/// port → plant, one commodity per chain, two lanes per chain); feed <c>f</c> of <c>F</c> owns the
/// chains <c>c % F == f</c>, so every lane hears from one stream only and its shipments stay in order.
/// A batch spans <see cref="SubjectsPerBatch"/> subjects, two of them lanes (5 % of the observations are
/// shipment events); one observation in a thousand is a declared disruption, opened and later cleared,
/// on one of the feed's trigger nodes (detection latency is measured on them).
/// </summary>
public sealed class Workload
{
    public const int ObservationsPerBatch = 500;
    public const int SubjectsPerBatch = 50;
    public const int LanesPerBatch = 2;
    public const int ShipmentsPerBatch = 25;
    public const int HotNodes = 100;

    /// <summary>Hot-spot subjects in a W2 batch (the other ten come from the feed's own subjects).</summary>
    public const int HotSubjectsPerBatch = 40;

    /// <summary>A trigger every this many batches: 1 observation in 1,000.</summary>
    public const int BatchesPerTrigger = 2;

    public const int TriggerNodesPerFeed = 50;

    private static readonly string[] Commodities = ["cu", "li", "mo", "ree"];
    private static readonly (string Code, double Lat, double Lon)[] Countries =
        [("CL", -24, -69), ("PE", -12, -76), ("US", 33, -112), ("CN", 30, 114), ("AU", -25, 122), ("CA", 50, -100), ("MX", 23, -102), ("AR", -24, -66)];
    private static readonly (string Kind, string Stage)[] ChainKinds = [("mine", "extraction"), ("smelter", "processing"), ("port", "logistics"), ("plant", "manufacturing")];

    public Workload(WorkloadKind kind, int nodes, int lanes, int feeds)
    {
        if (nodes < 4 * feeds * 2) throw new ArgumentException($"at least {8 * feeds} nodes are needed for {feeds} feeds", nameof(nodes));
        if (feeds < 1) throw new ArgumentException("at least one feed", nameof(feeds));
        Kind = kind;
        Chains = nodes / 4;
        Nodes = Chains * 4;
        LanesPerChain = Math.Clamp(lanes / Chains, 0, 3);
        Lanes = Chains * LanesPerChain;
        Feeds = feeds;
    }

    public WorkloadKind Kind { get; }

    public int Chains { get; }

    public int Nodes { get; }

    public int Lanes { get; }

    public int LanesPerChain { get; }

    public int Feeds { get; }

    public static string NodeId(int index) => $"bench.n{index}";

    /// <summary>Lane <c>k</c> of chain <c>c</c> joins node k to node k+1 of the chain.</summary>
    public static string LaneId(int chain, int k) => $"bench.c{chain}.l{k}";

    public static string FeedId(int feed) => $"bench-feed-{feed}";

    /// <summary>The topology document (YAML) the platform is given before the run.</summary>
    public string TopologyYaml()
    {
        var yaml = new StringBuilder(Nodes * 320);
        yaml.Append("name: bench\ndescription: \"Synthetic benchmark network (docs/benchmarks.md)\"\ncommodities:\n");
        foreach (var c in Commodities) yaml.Append(CultureInfo.InvariantCulture, $"  - {{code: {c}, name: {c}, unit: t}}\n");
        yaml.Append("nodes:\n");
        for (var chain = 0; chain < Chains; chain++)
        {
            var commodity = Commodities[chain % Commodities.Length];
            var (country, lat, lon) = Countries[chain % Countries.Length];
            for (var k = 0; k < 4; k++)
            {
                var (kind, stage) = ChainKinds[k];
                yaml.Append(CultureInfo.InvariantCulture, $"  - {{id: {NodeId(chain * 4 + k)}, name: \"{kind} {chain}\", kind: {kind}, country: {country}, lat: {lat + chain % 100 * 0.01}, lon: {lon + k * 0.1}, owner: bench, ")
                    .Append(CultureInfo.InvariantCulture, $"commodities: [{{commodity: {commodity}, stage: {stage}, capacity_tpd: 1000{(k == 3 ? ", demand_tpd: 900" : "")}}}], ")
                    .Append("inventory_capacity_t: 20000, recovery_days: 14, report_interval_s: 3600, expected_utilization: 0.85}\n");
            }
        }
        yaml.Append(Lanes == 0 ? "lanes: []\n" : "lanes:\n");
        for (var chain = 0; chain < Chains; chain++)
        {
            for (var k = 0; k < LanesPerChain; k++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - {{id: {LaneId(chain, k)}, from: {NodeId(chain * 4 + k)}, to: {NodeId(chain * 4 + k + 1)}, ")
                    .Append(CultureInfo.InvariantCulture, $"commodity: {Commodities[chain % Commodities.Length]}, mode: sea, baseline_transit_h: 48, capacity_tpd: 1000, owner: bench}}\n");
            }
        }
        return yaml.ToString();
    }

    /// <summary>The batches of one feed, generated as they are sent. Not thread-safe: one per feed.</summary>
    public FeedBatches ForFeed(int feed, string runTag, int seed) => new(this, feed, runTag, seed);

    /// <summary>The nodes a feed opens and clears disruptions on.</summary>
    public IReadOnlyList<string> TriggerNodes(int feed) =>
        OwnNodes(feed).Where(n => Kind != WorkloadKind.W2 || n >= HotNodes).Take(TriggerNodesPerFeed).Select(NodeId).ToList();

    internal IEnumerable<int> OwnNodes(int feed) =>
        Enumerable.Range(0, Chains).Where(c => c % Feeds == feed).SelectMany(c => Enumerable.Range(c * 4, 4));

    internal IEnumerable<(int Chain, int K)> OwnLanes(int feed) =>
        Enumerable.Range(0, Chains).Where(c => c % Feeds == feed).SelectMany(c => Enumerable.Range(0, LanesPerChain).Select(k => (c, k)));
}

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
