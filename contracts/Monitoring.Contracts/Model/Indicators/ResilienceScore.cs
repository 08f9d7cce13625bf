namespace Monitoring.Contracts;

/// <summary>The composite score, 0–100, with every component (each 0–1).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ResilienceScore")]
public sealed record ResilienceScore(double Value, double Availability, double Diversification, double Survivability, double Circularity, double FeedHealth, ScoreWeights Weights);
