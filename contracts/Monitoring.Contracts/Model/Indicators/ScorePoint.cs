namespace Monitoring.Contracts;

/// <summary>The score at one moment (the recent trend of a commodity).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ScorePoint")]
public sealed record ScorePoint(DateTimeOffset At, double Value);
