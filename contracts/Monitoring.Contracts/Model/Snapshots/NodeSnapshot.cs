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
