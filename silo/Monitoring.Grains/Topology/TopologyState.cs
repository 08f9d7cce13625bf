namespace Monitoring.Grains.Topology;

[GenerateSerializer, Alias("monitoring.TopologyState")]
public sealed class TopologyState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public TopologySpec? Topology { get; set; }
}
