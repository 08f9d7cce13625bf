namespace Monitoring.Domain.Detection.Rules;

/// <summary>Streaks of readings beyond the fire threshold and past the clear threshold, per commodity.</summary>
[GenerateSerializer, Alias("monitoring.OutputDropState")]
public sealed class OutputDropState
{
    [Id(0)] public int LowStreak { get; set; }
    [Id(1)] public int HighStreak { get; set; }
}
