using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>Small commodity networks written out by hand, for indicator fixtures.</summary>
internal sealed class NetworkBuilder(string commodity = "cu")
{
    private readonly List<NodeSpec> _nodes = [];
    private readonly List<LaneSpec> _lanes = [];
    private readonly Dictionary<string, NodeCondition> _nodeConditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LaneCondition> _laneConditions = new(StringComparer.Ordinal);

    public string Commodity => commodity;

    /// <summary>A node with capacity and utilization (its normal output is their product), storage and recovery days.</summary>
    public NetworkBuilder Node(
        string id, Stage stage, string country, double capacity, double utilization = 1, double recoveryDays = 30,
        string? operatorName = null, double demand = 0, double inventoryCapacity = 0, IReadOnlyList<ControlShare>? control = null)
    {
        _nodes.Add(new NodeSpec(id, id, KindOf(stage), country, 0, 0, operatorName ?? $"op-{id}",
            [new NodeCommoditySpec(commodity, stage, capacity, demand)], inventoryCapacity, recoveryDays, 60, "owner", utilization, Control: control));
        return this;
    }

    public NetworkBuilder Lane(string id, string from, string to, double capacity = 0, double transitDays = 1)
    {
        _lanes.Add(new LaneSpec(id, id, from, to, commodity, TransportMode.Sea, TimeSpan.FromDays(transitDays), capacity, "owner"));
        return this;
    }

    /// <summary>What the node last reported: status, output, inventory, expected recovery, feed freshness.</summary>
    public NetworkBuilder Condition(
        string nodeId, OperationalStatus status = OperationalStatus.Operational, double? output = null, double? inventory = null,
        double? expectedRecoveryDays = null, bool feedFresh = true)
    {
        _nodeConditions[nodeId] = new NodeCondition(nodeId, 1, status, output, inventory, expectedRecoveryDays, feedFresh);
        return this;
    }

    public NetworkBuilder LaneCondition(string laneId, OperationalStatus status = OperationalStatus.Operational, double inTransit = 0)
    {
        _laneConditions[laneId] = new LaneCondition(laneId, 1, status, inTransit);
        return this;
    }

    public CommoditySlice Slice() => new(new CommoditySpec(commodity, commodity, "t"), _nodes, _lanes, [], 7);

    public SupplyNetwork Build(IndicatorOptions? options = null) =>
        SupplyNetwork.Build(Slice(), _nodeConditions, _laneConditions, options ?? new IndicatorOptions());

    public static CommodityIndicators Compute(SupplyNetwork network, IndicatorOptions? options = null) =>
        IndicatorCalculator.Compute(network, options ?? new IndicatorOptions(), DateTimeOffset.UnixEpoch);

    private static NodeKind KindOf(Stage stage) => stage switch
    {
        Stage.Extraction => NodeKind.Mine,
        Stage.Processing => NodeKind.Smelter,
        Stage.Manufacturing => NodeKind.Plant,
        Stage.Recycling => NodeKind.Recycler,
        Stage.Logistics => NodeKind.Port,
        _ => NodeKind.Consumer,
    };
}
