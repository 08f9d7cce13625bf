using Monitoring.Api.V1;

namespace Monitoring.Simulator;

/// <summary>The observations of one feed for one tick.</summary>
public sealed record FeedBatch(string FeedId, IReadOnlyList<Observation> Observations);
