namespace Monitoring.Contracts;

/// <summary>
/// A disruption of a node or lane: what rule raised it, how bad, where it is in its lifecycle, the
/// evidence behind it and every transition. Its id stays the same while its severity changes.
/// <see cref="RootCauseIds"/>: for a consequence (a lane blocked by its endpoint, an upstream exposure), the
/// disruptions at the start of the chain now; empty for a root cause (docs/incidents.md).
/// <see cref="FormerRootCauseIds"/>: root causes it had and no longer has (the newest
/// <see cref="MaxFormerRootCauses"/>), so the incidents of those roots hear that it left them.
/// <see cref="RootCauseNames"/>: the names of the root causes' subjects, in the order of <see cref="RootCauseIds"/>.
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
    IReadOnlyList<string>? RootCauseIds = null,
    IReadOnlyList<string>? FormerRootCauseIds = null,
    IReadOnlyList<string>? RootCauseNames = null)
{
    /// <summary>Not caused by another disruption: it starts an incident (or joins its subject's open one).</summary>
    public const int MaxFormerRootCauses = 20;

    public bool IsRoot => RootCauseIds is not { Count: > 0 };

    /// <summary>Every root cause it has or had: the incidents it may belong to.</summary>
    public IEnumerable<string> AllRootCauseIds => (RootCauseIds ?? []).Concat(FormerRootCauseIds ?? []);
}
