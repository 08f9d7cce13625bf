namespace Monitoring.Contracts;

/// <summary>How many active disruptions of one kind and severity a commodity has (the monitoring_disruptions_active gauge).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionTally")]
public sealed record DisruptionTally(DisruptionKind Kind, Severity Severity, int Active);
