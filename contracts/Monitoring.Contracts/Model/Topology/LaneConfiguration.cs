namespace Monitoring.Contracts;

/// <summary>What a lane grain is told about itself by the topology.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneConfiguration")]
public sealed record LaneConfiguration(LaneSpec Spec, IReadOnlyList<string> Commodities, long TopologyVersion);
