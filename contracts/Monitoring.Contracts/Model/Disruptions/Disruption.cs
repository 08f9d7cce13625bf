namespace Monitoring.Contracts;

/// <summary>
/// A disruption of a node or lane: what rule raised it, how bad, where it is in its lifecycle, the
/// evidence behind it and every transition. Its id stays the same while its severity changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.Disruption")]
public sealed record Disruption(
    string Id,
    string SubjectId,
    SubjectType SubjectType,
    string SubjectName,
    IReadOnlyList<string> Commodities,
    DisruptionKind Kind,
    Severity Severity,
    DisruptionState State,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClearedAt,
    DateTimeOffset UpdatedAt,
    string Summary,
    IReadOnlyList<DisruptionEvidence> Evidence,
    IReadOnlyList<DisruptionTransition> History,
    Cause? Cause,
    TimeSpan? ExpectedDuration,
    string? ReportId,
    TimeSpan? EstimatedTimeToRecover,
    int Version);
