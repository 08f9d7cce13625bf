namespace Monitoring.Contracts;

// The supply network. Records are the Orleans wire and storage format: never reorder their
// parameters; add new ones at the end.

/// <summary>A whole topology document.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.TopologySpec")]
public sealed record TopologySpec(
    string Name,
    string Description,
    IReadOnlyList<CommoditySpec> Commodities,
    IReadOnlyList<NodeSpec> Nodes,
    IReadOnlyList<LaneSpec> Lanes,
    IReadOnlyList<CandidateProject>? Candidates = null);

[GenerateSerializer, Immutable, Alias("monitoring.CommoditySpec")]
public sealed record CommoditySpec(string Code, string Name, string Unit);

/// <summary>A mine, refinery, port, plant, recycler or consumer. <see cref="Thresholds"/> overrides detection thresholds for this node.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeSpec")]
public sealed record NodeSpec(
    string Id,
    string Name,
    NodeKind Kind,
    string Country,
    double Latitude,
    double Longitude,
    string Operator,
    IReadOnlyList<NodeCommoditySpec> Commodities,
    double InventoryCapacityTonnes,
    double RecoveryDays,
    int ReportIntervalSeconds,
    string Owner,
    double ExpectedUtilization,
    IReadOnlyDictionary<string, double>? Thresholds = null)
{
    /// <summary>The node's first commodity: what a measurement without a commodity refers to.</summary>
    public string PrimaryCommodity => Commodities.Count > 0 ? Commodities[0].Commodity : "";

    /// <summary>Logistics nodes (ports, warehouses) report handled volume rather than output.</summary>
    public bool IsLogistics => Commodities.Count > 0 && Commodities.All(c => c.Stage == Stage.Logistics);

    public NodeCommoditySpec? CommodityOrPrimary(string? commodity) =>
        string.IsNullOrEmpty(commodity)
            ? (Commodities.Count > 0 ? Commodities[0] : null)
            : Commodities.FirstOrDefault(c => c.Commodity == commodity);
}

/// <summary>What a node does for one commodity.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeCommoditySpec")]
public sealed record NodeCommoditySpec(string Commodity, Stage Stage, double CapacityTonnesPerDay, double DemandTonnesPerDay);

/// <summary>A shipment route between two nodes for one commodity. <see cref="Thresholds"/> overrides detection thresholds for this lane.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneSpec")]
public sealed record LaneSpec(
    string Id,
    string Name,
    string FromNodeId,
    string ToNodeId,
    string Commodity,
    TransportMode Mode,
    TimeSpan BaselineTransit,
    double CapacityTonnesPerDay,
    string Owner,
    IReadOnlyDictionary<string, double>? Thresholds = null);

/// <summary>What a node grain is told about itself by the topology: its spec, its lanes and what they carry.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeConfiguration")]
public sealed record NodeConfiguration(
    NodeSpec Spec,
    IReadOnlyList<string> InboundLaneIds,
    IReadOnlyList<string> OutboundLaneIds,
    long TopologyVersion,
    IReadOnlyDictionary<string, LaneLink>? Lanes = null)
{
    /// <summary>What a lane of this node carries (the node's first commodity when unknown).</summary>
    public LaneLink LinkOf(string laneId) =>
        Lanes is not null && Lanes.TryGetValue(laneId, out var link) ? link : new LaneLink(Spec.PrimaryCommodity, 0);
}

/// <summary>What a lane at a node carries: its commodity and capacity, tonnes per day (0 when not given).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneLink")]
public sealed record LaneLink(string Commodity, double CapacityTonnesPerDay);

/// <summary>What a lane grain is told about itself by the topology.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneConfiguration")]
public sealed record LaneConfiguration(LaneSpec Spec, IReadOnlyList<string> Commodities, long TopologyVersion);

/// <summary>The topology in force and its version (0 when none was applied).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.TopologyView")]
public sealed record TopologyView(long Version, TopologySpec? Topology);

/// <summary>Every subject id and whether it is a node or a lane: what the gateway routes by.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.SubjectRegistry")]
public sealed record SubjectRegistry(long Version, IReadOnlyDictionary<string, SubjectType> Subjects, IReadOnlyList<string> Commodities, IReadOnlyDictionary<string, string>? Owners = null)
{
    public static readonly SubjectRegistry Empty = new(0, new Dictionary<string, SubjectType>(), []);

    /// <summary>The registry of a topology (none: empty), at <paramref name="version"/>.</summary>
    public static SubjectRegistry For(TopologySpec? topology, long version)
    {
        var subjects = new Dictionary<string, SubjectType>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (topology is not null)
        {
            foreach (var node in topology.Nodes)
            {
                subjects[node.Id] = SubjectType.Node;
                owners[node.Id] = node.Owner;
            }
            foreach (var lane in topology.Lanes)
            {
                subjects[lane.Id] = SubjectType.Lane;
                owners[lane.Id] = lane.Owner;
            }
        }
        return new SubjectRegistry(version, subjects, topology?.Commodities.Select(c => c.Code).ToList() ?? [], owners);
    }

    public SubjectType? TypeOf(string id) => Subjects.TryGetValue(id, out var type) ? type : null;

    /// <summary>The provider that owns a subject (its topology <c>owner</c>), who alone may report on it.</summary>
    public string? OwnerOf(string id) => Owners is not null && Owners.TryGetValue(id, out var owner) ? owner : null;
}

/// <summary>Outcome of applying a topology.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.TopologyApplyResult")]
public sealed record TopologyApplyResult(long Version, int NodeCount, int LaneCount, int CommodityCount, int Added, int Updated, int Removed);
