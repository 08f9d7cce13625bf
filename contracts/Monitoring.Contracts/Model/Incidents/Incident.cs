namespace Monitoring.Contracts;

/// <summary>
/// An incident: a root cause and everything it caused, the unit an operations center works on
/// (docs/incidents.md). Id "&lt;root subject&gt;--incident-&lt;n&gt;". Its severity is its worst active member's;
/// it is CLEARED when every member has cleared. <see cref="Version"/> grows with every change;
/// <see cref="PeakSeverity"/> is the worst it has been (a watcher that saw it CRITICAL also sees it ease and clear).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.Incident")]
public sealed record Incident(
    string Id,
    string Title,
    string RootSubjectId,
    string RootSubjectName,
    SubjectType RootSubjectType,
    Cause? Cause,
    Severity Severity,
    IncidentState State,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClearedAt,
    string? Owner,
    IReadOnlyList<IncidentMember> Members,
    IReadOnlyList<string> Commodities,
    IncidentImpact Impact,
    IReadOnlyList<IncidentEntry> Timeline,
    int Version,
    Severity PeakSeverity = Severity.Info)
{
    public int DisruptionCount => Members.Count;

    public IEnumerable<string> DisruptionIds => Members.Select(m => m.DisruptionId);

    /// <summary>Without the timeline and the members' summaries, for indexes and events (they can be long; the incident's grain has them).</summary>
    public Incident Brief() => this with { Timeline = [], Members = Members.Select(m => m with { Summary = "" }).ToList() };
}
