namespace Monitoring.Contracts;

/// <summary>
/// A disruption in an incident, as the incident last heard of it: a root cause (<see cref="IsRoot"/>) or one
/// of its consequences. <see cref="ExpectedEnd"/>: when a root is expected to end (the provider's expected
/// duration, else its estimated time to recover), if known.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.IncidentMember")]
public sealed record IncidentMember(
    string DisruptionId,
    string SubjectId,
    SubjectType SubjectType,
    string SubjectName,
    DisruptionKind Kind,
    Severity Severity,
    DisruptionState State,
    bool IsRoot,
    IReadOnlyList<string> Commodities,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpectedEnd,
    Cause? Cause,
    string Summary,
    int Version);
