namespace Monitoring.Contracts;

/// <summary>
/// A disruption of a node or lane: what rule raised it, how bad, where it is in its lifecycle, the
/// evidence behind it and every transition. Its id stays the same while its severity changes.
/// <see cref="RootCauseIds"/>: for a consequence (a lane blocked by its endpoint, an upstream exposure), the
/// disruptions at the start of the chain; empty for a root cause (docs/incidents.md).
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
    int Version,
    IReadOnlyList<string>? RootCauseIds = null)
{
    /// <summary>Not caused by another disruption: it starts an incident (or joins its subject's open one).</summary>
    public bool IsRoot => RootCauseIds is not { Count: > 0 };
}
