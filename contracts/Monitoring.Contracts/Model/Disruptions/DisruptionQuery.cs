namespace Monitoring.Contracts;

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
