namespace Monitoring.Domain.Indicators;

/// <summary>What a commodity stores: its slice of the topology and the newest condition of each node and lane.</summary>
[GenerateSerializer, Alias("monitoring.CommodityState")]
public sealed class CommodityState
{
    [Id(0)] public CommoditySlice? Slice { get; set; }

    /// <summary>The newest condition each node reported for this commodity.</summary>
    [Id(1)] public Dictionary<string, NodeCondition> Nodes { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public Dictionary<string, LaneCondition> Lanes { get; set; } = new(StringComparer.Ordinal);
}
