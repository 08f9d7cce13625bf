namespace Monitoring.Contracts;

/// <summary>What a lane tells its commodity when its status or the tonnage in transit changes.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneCondition")]
public sealed record LaneCondition(string LaneId, long Version, OperationalStatus Status, double InTransitTonnes);
