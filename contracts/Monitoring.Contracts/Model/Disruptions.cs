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

/// <summary>A value compared with a threshold, and when it was observed.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionEvidence")]
public sealed record DisruptionEvidence(string Phase, DateTimeOffset ObservedAt, string Quantity, double Value, double Threshold, string Note);

/// <summary>One change of state or severity: who, when, why.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionTransition")]
public sealed record DisruptionTransition(DisruptionState State, Severity Severity, DateTimeOffset At, string Actor, string Reason);

/// <summary>Evidence phases.</summary>
public static class EvidencePhases
{
    public const string Opened = "opened";
    public const string Escalated = "escalated";
    public const string Deescalated = "deescalated";
    public const string Updated = "updated";
    public const string Cleared = "cleared";
}

/// <summary>Filters for listing disruptions. Null means "any".</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionQuery")]
public sealed record DisruptionQuery(
    DisruptionState? State,
    Severity? MinimumSeverity,
    string? SubjectId,
    DisruptionKind? Kind,
    bool IncludeClosed,
    int Limit)
{
    public static readonly DisruptionQuery Active = new(null, null, null, null, false, 500);

    public bool Matches(Disruption d) =>
        (State is { } state ? d.State == state : IncludeClosed || d.State.IsActive())
        && (MinimumSeverity is not { } min || d.Severity >= min)
        && (SubjectId is null || d.SubjectId == SubjectId)
        && (Kind is not { } kind || d.Kind == kind);
}
