namespace Monitoring.Contracts;

/// <summary>The topology in force and its version (0 when none was applied).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.TopologyView")]
public sealed record TopologyView(long Version, TopologySpec? Topology);
