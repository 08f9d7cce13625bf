namespace Monitoring.Contracts;

/// <summary>What a node does for one commodity.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeCommoditySpec")]
public sealed record NodeCommoditySpec(string Commodity, Stage Stage, double CapacityTonnesPerDay, double DemandTonnesPerDay);
