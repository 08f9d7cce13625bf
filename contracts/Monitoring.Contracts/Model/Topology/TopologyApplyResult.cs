namespace Monitoring.Contracts;

/// <summary>Outcome of applying a topology.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.TopologyApplyResult")]
public sealed record TopologyApplyResult(long Version, int NodeCount, int LaneCount, int CommodityCount, int Added, int Updated, int Removed);
