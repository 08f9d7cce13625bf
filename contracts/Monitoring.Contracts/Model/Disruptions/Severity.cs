namespace Monitoring.Contracts;

/// <summary>Severity of a disruption; ordered, so comparisons mean "at least as bad as".</summary>
public enum Severity { Info = 1, Warning = 2, Critical = 3 }
