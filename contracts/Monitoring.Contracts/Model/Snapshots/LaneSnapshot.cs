namespace Monitoring.Contracts;

/// <summary>A lane as operators see it.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneSnapshot")]
public sealed record LaneSnapshot(
    LaneSpec? Spec,
    OperationalStatus Status,
    IReadOnlyList<ShipmentView> Shipments,
    IReadOnlyList<Disruption> Disruptions,
    DateTimeOffset? LastObservationAt,
    long ObservationsApplied,
    double? MeanTransitHours);
