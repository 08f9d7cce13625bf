namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.MetricPoint")]
/// <param name="FeedId">The feed that sent the reading (several providers, or a provider and the demo simulator, may report on one node).</param>
public sealed record MetricPoint(DateTimeOffset At, double Value, string FeedId = "");
