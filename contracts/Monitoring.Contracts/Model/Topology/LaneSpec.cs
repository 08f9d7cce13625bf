namespace Monitoring.Contracts;

/// <summary>A shipment route between two nodes for one commodity. <see cref="Thresholds"/> overrides detection thresholds for this lane.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneSpec")]
public sealed record LaneSpec(
    string Id,
    string Name,
    string FromNodeId,
    string ToNodeId,
    string Commodity,
    TransportMode Mode,
    TimeSpan BaselineTransit,
    double CapacityTonnesPerDay,
    string Owner,
    IReadOnlyDictionary<string, double>? Thresholds = null);
