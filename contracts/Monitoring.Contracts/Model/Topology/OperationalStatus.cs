namespace Monitoring.Contracts;

/// <summary>Operational status of a node or lane.</summary>
public enum OperationalStatus { Operational = 1, Degraded = 2, Disrupted = 3, Unknown = 4 }
