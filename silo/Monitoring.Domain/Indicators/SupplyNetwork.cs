namespace Monitoring.Domain.Indicators;

/// <summary>
/// One commodity's network as the indicators see it: every node with its capacity, output, inventory
/// and status for that commodity, every lane with its flow. Built from the topology slice and the
/// latest conditions; stress tests and project appraisals change a <see cref="Clone"/>, never the original.
/// </summary>
public sealed class SupplyNetwork
{
    private readonly Dictionary<string, SupplyNode> _nodes;
    private readonly Dictionary<string, SupplyLane> _lanes;

    private SupplyNetwork(string commodity, long topologyVersion, Dictionary<string, SupplyNode> nodes, Dictionary<string, SupplyLane> lanes)
    {
        Commodity = commodity;
        TopologyVersion = topologyVersion;
        _nodes = nodes;
        _lanes = lanes;
    }

    public string Commodity { get; }

    public long TopologyVersion { get; }

    /// <summary>Nodes in a stable order (by id).</summary>
    public IEnumerable<SupplyNode> Nodes => _nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal);

    public IEnumerable<SupplyLane> Lanes => _lanes.Values.OrderBy(l => l.Id, StringComparer.Ordinal);

    public SupplyNode? Node(string id) => _nodes.GetValueOrDefault(id);

    public SupplyLane? Lane(string id) => _lanes.GetValueOrDefault(id);

    /// <summary>
    /// The network of a topology slice under the latest conditions. A node that has not reported yet is
    /// taken as operational, producing capacity × expected utilization, with its storage
    /// <see cref="IndicatorOptions.DefaultInventoryFill"/> full (its share for this commodity).
    /// </summary>
    public static SupplyNetwork Build(
        CommoditySlice slice,
        IReadOnlyDictionary<string, NodeCondition> nodeConditions,
        IReadOnlyDictionary<string, LaneCondition> laneConditions,
        IndicatorOptions options)
    {
        var commodity = slice.Commodity.Code;
        var nodes = new Dictionary<string, SupplyNode>(StringComparer.Ordinal);
        foreach (var spec in slice.Nodes)
        {
            if (spec.Commodities.FirstOrDefault(c => c.Commodity == commodity) is not { } role) continue;
            var condition = nodeConditions.GetValueOrDefault(spec.Id);
            nodes[spec.Id] = new SupplyNode(spec.Id, spec.Name, spec.Kind, role.Stage, spec.Country, spec.Operator)
            {
                CapacityTonnesPerDay = role.CapacityTonnesPerDay,
                DemandTonnesPerDay = role.DemandTonnesPerDay,
                ExpectedUtilization = spec.ExpectedUtilization,
                RecoveryDays = spec.RecoveryDays,
                ReportedOutputTonnesPerDay = condition?.OutputTonnesPerDay,
                InventoryTonnes = condition?.InventoryTonnes ?? spec.InventoryCapacityTonnes * options.DefaultInventoryFill * CommodityWeight(spec, commodity),
                Status = condition?.Status ?? OperationalStatus.Operational,
                ExpectedRecoveryDays = condition?.ExpectedRecoveryDays,
                FeedFresh = condition?.FeedFresh ?? true,
            };
        }
        var network = new SupplyNetwork(commodity, slice.TopologyVersion, nodes, new Dictionary<string, SupplyLane>(StringComparer.Ordinal));
        foreach (var spec in slice.Lanes.Where(l => l.Commodity == commodity))
        {
            var condition = laneConditions.GetValueOrDefault(spec.Id);
            network.AddLane(spec.Id, spec.Name, spec.FromNodeId, spec.ToNodeId, spec.CapacityTonnesPerDay, spec.BaselineTransit.TotalDays,
                condition?.Status ?? OperationalStatus.Operational, condition?.InTransitTonnes ?? 0);
        }
        return network;
    }

    /// <summary>
    /// The part of a multi-commodity node's storage (and of an inventory reported as one total) that holds
    /// this commodity: its share of the node's capacity plus demand.
    /// </summary>
    public static double CommodityWeight(NodeSpec spec, string commodity)
    {
        if (spec.Commodities.Count <= 1) return 1;
        var total = spec.Commodities.Sum(c => c.CapacityTonnesPerDay + c.DemandTonnesPerDay);
        if (!(total > 0)) return 1.0 / spec.Commodities.Count;
        return spec.Commodities.Where(c => c.Commodity == commodity).Sum(c => c.CapacityTonnesPerDay + c.DemandTonnesPerDay) / total;
    }

    /// <summary>Adds a node (a candidate project's); the id must be new.</summary>
    public SupplyNode AddNode(SupplyNode node)
    {
        if (!_nodes.TryAdd(node.Id, node)) throw new ArgumentException($"node '{node.Id}' already exists", nameof(node));
        return node;
    }

    /// <summary>Adds a lane between two nodes of the network; a lane whose ends are not both here is ignored (returns null).</summary>
    public SupplyLane? AddLane(string id, string name, string fromNodeId, string toNodeId, double capacityTonnesPerDay, double transitDays, OperationalStatus status, double inTransitTonnes)
    {
        if (!_nodes.TryGetValue(fromNodeId, out var from) || !_nodes.TryGetValue(toNodeId, out var to)) return null;
        if (_lanes.ContainsKey(id)) throw new ArgumentException($"lane '{id}' already exists", nameof(id));
        var lane = new SupplyLane(id, name, from, to)
        {
            CapacityTonnesPerDay = capacityTonnesPerDay,
            TransitDays = transitDays,
            Status = status,
            InTransitTonnes = inTransitTonnes,
        };
        _lanes[id] = lane;
        from.Outbound.Add(lane);
        to.Inbound.Add(lane);
        return lane;
    }

    /// <summary>A deep copy to change freely.</summary>
    public SupplyNetwork Clone()
    {
        var nodes = _nodes.Values.ToDictionary(n => n.Id, n => n.CopyWithoutLanes(), StringComparer.Ordinal);
        var copy = new SupplyNetwork(Commodity, TopologyVersion, nodes, new Dictionary<string, SupplyLane>(StringComparer.Ordinal));
        foreach (var lane in _lanes.Values)
        {
            copy.AddLane(lane.Id, lane.Name, lane.From.Id, lane.To.Id, lane.CapacityTonnesPerDay, lane.TransitDays, lane.Status, lane.InTransitTonnes);
        }
        return copy;
    }
}

/// <summary>A node's part in one commodity's network.</summary>
public sealed class SupplyNode(string id, string name, NodeKind kind, Stage stage, string country, string @operator)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public NodeKind Kind { get; } = kind;
    public Stage Stage { get; } = stage;
    public string Country { get; } = country;
    public string Operator { get; } = @operator;

    public double CapacityTonnesPerDay { get; set; }
    public double DemandTonnesPerDay { get; set; }
    public double ExpectedUtilization { get; set; }
    public double RecoveryDays { get; set; }

    /// <summary>The node's reported output (EWMA) of this commodity; null until it reports.</summary>
    public double? ReportedOutputTonnesPerDay { get; set; }

    public double InventoryTonnes { get; set; }
    public OperationalStatus Status { get; set; } = OperationalStatus.Operational;

    /// <summary>The longest expected duration of the node's open disruptions, days; null when it has none.</summary>
    public double? ExpectedRecoveryDays { get; set; }

    public bool FeedFresh { get; set; } = true;

    public List<SupplyLane> Inbound { get; } = [];
    public List<SupplyLane> Outbound { get; } = [];

    /// <summary>Production and logistics nodes with capacity; consumers only draw.</summary>
    public bool Produces => Stage != Stage.Consumption && CapacityTonnesPerDay > 0;

    /// <summary>What the node puts out in normal times: capacity × expected utilization (a consumer: its demand).</summary>
    public double NormalOutputTonnesPerDay => Stage == Stage.Consumption ? DemandTonnesPerDay : CapacityTonnesPerDay * ExpectedUtilization;

    /// <summary>q_i: the reported output, else the normal output.</summary>
    public double OutputTonnesPerDay => ReportedOutputTonnesPerDay ?? NormalOutputTonnesPerDay;

    /// <summary>Counted in A_s: nothing when disrupted, the current output (at most capacity) when degraded, else capacity.</summary>
    public double AvailableTonnesPerDay => Status switch
    {
        OperationalStatus.Disrupted => 0,
        OperationalStatus.Degraded => Math.Clamp(OutputTonnesPerDay, 0, CapacityTonnesPerDay),
        _ => CapacityTonnesPerDay,
    };

    /// <summary>c_i − q_i a healthy node could add if another stopped; a degraded or disrupted node has none to offer.</summary>
    public double SpareTonnesPerDay => Status is OperationalStatus.Operational or OperationalStatus.Unknown
        ? Math.Max(0, CapacityTonnesPerDay - OutputTonnesPerDay)
        : 0;

    /// <summary>
    /// What stops if this node stops: its output, or for a node already impaired its normal output (its
    /// current output no longer says what the network depends on it for).
    /// </summary>
    public double OutputAtRiskTonnesPerDay => Status is OperationalStatus.Disrupted or OperationalStatus.Degraded
        ? Math.Max(OutputTonnesPerDay, NormalOutputTonnesPerDay)
        : OutputTonnesPerDay;

    /// <summary>TTR: the expected duration of an open disruption, else the node's recovery days.</summary>
    public double TtrDays => ExpectedRecoveryDays ?? RecoveryDays;

    /// <summary>Share of the node's outflow a lane takes: by lane capacity, or evenly when capacities are not given.</summary>
    public double OutflowShare(SupplyLane lane)
    {
        var total = Outbound.Sum(l => l.CapacityTonnesPerDay);
        return total > 0 ? lane.CapacityTonnesPerDay / total : 1.0 / Outbound.Count;
    }

    internal SupplyNode CopyWithoutLanes() => new(Id, Name, Kind, Stage, Country, Operator)
    {
        CapacityTonnesPerDay = CapacityTonnesPerDay,
        DemandTonnesPerDay = DemandTonnesPerDay,
        ExpectedUtilization = ExpectedUtilization,
        RecoveryDays = RecoveryDays,
        ReportedOutputTonnesPerDay = ReportedOutputTonnesPerDay,
        InventoryTonnes = InventoryTonnes,
        Status = Status,
        ExpectedRecoveryDays = ExpectedRecoveryDays,
        FeedFresh = FeedFresh,
    };
}

/// <summary>A lane of one commodity's network.</summary>
public sealed class SupplyLane(string id, string name, SupplyNode from, SupplyNode to)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public SupplyNode From { get; } = from;
    public SupplyNode To { get; } = to;

    public double CapacityTonnesPerDay { get; set; }
    public double TransitDays { get; set; }
    public OperationalStatus Status { get; set; } = OperationalStatus.Operational;
    public double InTransitTonnes { get; set; }

    public bool IsOpen => Status != OperationalStatus.Disrupted;

    /// <summary>
    /// What normally moves on the lane, tonnes per day: its share of the source's output at risk, at most
    /// its capacity when given. A consumer's outbound lane (scrap to a recycler) carries its capacity.
    /// </summary>
    public double FlowTonnesPerDay
    {
        get
        {
            if (From.Stage == Stage.Consumption) return CapacityTonnesPerDay;
            var flow = From.OutflowShare(this) * From.OutputAtRiskTonnesPerDay;
            return CapacityTonnesPerDay > 0 ? Math.Min(flow, CapacityTonnesPerDay) : flow;
        }
    }
}
