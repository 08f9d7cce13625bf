namespace Monitoring.Domain.Incidents;

/// <summary>Which subjects' incident books hear of a disruption (docs/incidents.md).</summary>
public static class IncidentRouting
{
    /// <summary>
    /// A root cause's own subject; a consequence's root causes' subjects, now and before (so an incident learns
    /// that a consequence left it).
    /// </summary>
    public static IEnumerable<string> BooksOf(Disruption disruption) => disruption.IsRoot
        ? [disruption.SubjectId]
        : disruption.AllRootCauseIds.Select(Identifiers.SubjectOfDisruption).OfType<string>().Distinct(StringComparer.Ordinal);
}
