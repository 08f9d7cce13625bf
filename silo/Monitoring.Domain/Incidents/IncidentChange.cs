namespace Monitoring.Domain.Incidents;

/// <summary>An incident as it is after the changes since the last publication, and the event that says so (its timeline left out).</summary>
public sealed record IncidentChange(MonitoringEventType Type, Incident Incident)
{
    public MonitoringEvent ToEvent(DateTimeOffset at) => new(Type, at, null, 0, null, null, Incident.Brief());
}
