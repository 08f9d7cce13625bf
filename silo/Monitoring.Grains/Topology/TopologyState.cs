using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Topology;
using Orleans.Runtime;

namespace Monitoring.Grains.Topology;

[GenerateSerializer, Alias("monitoring.TopologyState")]
public sealed class TopologyState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public TopologySpec? Topology { get; set; }
}
