namespace Monitoring.Contracts;

/// <summary>A node as operators see it: spec, status, recent values and disruptions.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeSnapshot")]
public sealed record NodeSnapshot(
    NodeSpec? Spec,
    OperationalStatus Status,
    IReadOnlyList<MetricSeriesView> Metrics,
    IReadOnlyList<Disruption> Disruptions,
    DateTimeOffset? LastObservationAt,
    long ObservationsApplied);

/// <summary>Latest value, moving average and recent points of one metric.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.MetricSeriesView")]
public sealed record MetricSeriesView(
    Metric Metric,
    string Commodity,
    double Latest,
    DateTimeOffset LatestAt,
    double Ewma,
    IReadOnlyList<MetricPoint> Points);

[GenerateSerializer, Immutable, Alias("monitoring.MetricPoint")]
public sealed record MetricPoint(DateTimeOffset At, double Value);

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

[GenerateSerializer, Immutable, Alias("monitoring.ShipmentView")]
public sealed record ShipmentView(
    string ShipmentId,
    ShipmentEventKind LastEvent,
    double QuantityTonnes,
    DateTimeOffset DepartedAt,
    DateTimeOffset? Eta,
    DateTimeOffset UpdatedAt,
    double? Latitude,
    double? Longitude);

/// <summary>Disruption counts of one commodity, from its index.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionCounts")]
public sealed record DisruptionCounts(int Active, int Critical);

/// <summary>How many active disruptions of one kind and severity a commodity has (the monitoring_disruptions_active gauge).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionTally")]
public sealed record DisruptionTally(DisruptionKind Kind, Severity Severity, int Active);

/// <summary>A node whose status is not operational, as its commodity last heard it.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeStatus")]
public sealed record NodeStatus(string NodeId, OperationalStatus Status);
