namespace Monitoring.Contracts;

/// <summary>Filters for listing incidents. Null means "any".</summary>
[GenerateSerializer, Immutable, Alias("monitoring.IncidentQuery")]
public sealed record IncidentQuery(Severity? MinimumSeverity, bool IncludeClosed, int Limit)
{
    public static readonly IncidentQuery Active = new(null, false, 500);

    public bool Matches(Incident i) =>
        (IncludeClosed || i.State.IsActive()) && (MinimumSeverity is not { } min || i.Severity >= min);
}
