namespace Monitoring.Contracts;

/// <summary>A measured value at a node.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeReading")]
public sealed record NodeReading(int Index, DateTimeOffset ObservedAt, Metric Metric, double Value, string? Commodity);
