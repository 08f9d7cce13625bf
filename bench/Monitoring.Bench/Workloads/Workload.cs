using System.Globalization;
using System.Text;

namespace Monitoring.Bench.Workloads;

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
