namespace Monitoring.Contracts;

/// <summary>
/// Lifecycle of an incident: OPEN while a member is active and nobody took it, ACKNOWLEDGED once an operator
/// did, CLEARED when every member has cleared, RESOLVED when an operator closed it (docs/incidents.md).
/// </summary>
public enum IncidentState { Open = 1, Acknowledged = 2, Cleared = 3, Resolved = 4 }
