namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.MetricPoint")]
public sealed record MetricPoint(DateTimeOffset At, double Value);
