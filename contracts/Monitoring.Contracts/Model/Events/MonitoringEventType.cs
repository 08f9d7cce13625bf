namespace Monitoring.Contracts;

/// <summary>Kinds of live event.</summary>
public enum MonitoringEventType
{
    DisruptionOpened = 1,
    DisruptionUpdated = 2,
    DisruptionAcknowledged = 3,
    DisruptionCleared = 4,
    DisruptionResolved = 5,
    TopologyChanged = 6,
    IndicatorsChanged = 7,
    IncidentOpened = 8,
    IncidentUpdated = 9,
    IncidentCleared = 10,
    IncidentResolved = 11,
}
