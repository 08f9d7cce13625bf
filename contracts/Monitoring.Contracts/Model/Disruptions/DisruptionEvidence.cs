namespace Monitoring.Contracts;

/// <summary>A value compared with a threshold, and when it was observed.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionEvidence")]
public sealed record DisruptionEvidence(string Phase, DateTimeOffset ObservedAt, string Quantity, double Value, double Threshold, string Note);
