namespace Monitoring.Contracts;

/// <summary>
/// The order an operations center reads incidents in: active ones first, the worst first, then the newest. It does
/// not change as members refresh, so the card people are looking at stays where it is.
/// </summary>
public static class IncidentOrder
{
    public static IOrderedEnumerable<Incident> Sort(IEnumerable<Incident> incidents) => incidents
        .OrderByDescending(i => i.State.IsActive())
        .ThenByDescending(i => i.Severity)
        .ThenByDescending(i => i.OpenedAt)
        .ThenBy(i => i.Id, StringComparer.Ordinal);
}
