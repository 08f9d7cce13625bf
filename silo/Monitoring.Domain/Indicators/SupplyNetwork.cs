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
                Control = spec.Control ?? [],
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
