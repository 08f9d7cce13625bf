using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;
using Orleans.Runtime;
using Orleans.Storage;

namespace Monitoring.Grains.Indicators;

[GenerateSerializer, Alias("monitoring.CommodityState")]
public sealed class CommodityState
{
    [Id(0)] public CommoditySlice? Slice { get; set; }

    /// <summary>The newest condition each node reported for this commodity.</summary>
    [Id(1)] public Dictionary<string, NodeCondition> Nodes { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public Dictionary<string, LaneCondition> Lanes { get; set; } = new(StringComparer.Ordinal);
}
