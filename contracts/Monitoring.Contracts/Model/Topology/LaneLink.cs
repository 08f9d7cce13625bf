namespace Monitoring.Contracts;

/// <summary>What a lane at a node carries: its commodity and capacity, tonnes per day (0 when not given).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneLink")]
public sealed record LaneLink(string Commodity, double CapacityTonnesPerDay);
