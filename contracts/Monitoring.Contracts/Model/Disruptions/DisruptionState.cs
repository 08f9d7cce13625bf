namespace Monitoring.Contracts;

/// <summary>Lifecycle state of a disruption.</summary>
public enum DisruptionState { Open = 1, Acknowledged = 2, Cleared = 3, Resolved = 4 }
