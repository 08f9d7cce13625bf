using Monitoring.Contracts;

namespace Monitoring.Gateway.Events;

/// <summary>
/// Which live events a consumer wants: commodities, subjects, a minimum severity. Empty means all. The
/// severity test uses the worst severity a disruption ever had, so a consumer that saw it open as
/// CRITICAL also sees it ease and clear. An incident matches by any of its commodities, its root subject or
/// any member's subject, and its peak severity. Indicator events follow the commodity filter and are left out
/// when subjects or a minimum severity are named.
/// </summary>
public sealed record EventFilter(IReadOnlySet<string> Commodities, IReadOnlySet<string> Subjects, Severity? MinimumSeverity)
{
    public bool Wants(MonitoringEvent e) => e switch
    {
        { Disruption: { } d } => WantsDisruption(d),
        { Incident: { } i } => WantsIncident(i),
        // Indicators are per commodity and have no severity: a consumer watching particular subjects, or
        // only disruptions of some severity (an alerting hook), does not want them.
        { Indicators: { } i } => Subjects.Count == 0 && MinimumSeverity is null && (Commodities.Count == 0 || Commodities.Contains(i.Commodity)),
        _ => true,
    };

    private bool WantsDisruption(Disruption d) =>
        ((Commodities.Count == 0 || d.Commodities.Any(Commodities.Contains))
            && (Subjects.Count == 0 || Subjects.Contains(d.SubjectId))
            && (MinimumSeverity is not { } minimum || Worst(d) >= minimum));

    private bool WantsIncident(Incident i) =>
        (Commodities.Count == 0 || i.Commodities.Any(Commodities.Contains))
        && (Subjects.Count == 0 || Subjects.Contains(i.RootSubjectId) || i.Members.Any(m => Subjects.Contains(m.SubjectId)))
        && (MinimumSeverity is not { } minimum || (i.PeakSeverity > i.Severity ? i.PeakSeverity : i.Severity) >= minimum);

    private static Severity Worst(Disruption d) => d.History.Count == 0 ? d.Severity : (Severity)Math.Max((int)d.Severity, d.History.Max(h => (int)h.Severity));

    public static EventFilter From(IEnumerable<string> commodities, IEnumerable<string> subjects, Severity? minimumSeverity) =>
        new(commodities.Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal), subjects.Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal), minimumSeverity);
}
