namespace Monitoring.Contracts;

/// <summary>How many active incidents of one severity a commodity has (the monitoring_incidents_open gauge).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.IncidentTally")]
public sealed record IncidentTally(Severity Severity, int Open);
