namespace Monitoring.Contracts;

/// <summary>Disruption counts of one commodity, from its index.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionCounts")]
public sealed record DisruptionCounts(int Active, int Critical);
