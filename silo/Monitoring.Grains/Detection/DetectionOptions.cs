namespace Monitoring.Grains.Detection;

/// <summary>Detection thresholds (configuration section "Detection"). Defaults follow DESIGN §6.</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>Weight of the newest reading in the moving average of a metric.</summary>
    public double EwmaAlpha { get; set; } = 0.5;

    /// <summary>Points kept per metric for sparklines (in memory only).</summary>
    public int RecentPointsPerMetric { get; set; } = 60;

    /// <summary>Closed disruptions a subject keeps for drill-down.</summary>
    public int RecentlyClosedPerSubject { get; set; } = 20;

    public OutputDropOptions OutputDrop { get; set; } = new();
}

/// <summary>OUTPUT_DROP: moving average of output against the node's baseline.</summary>
public sealed class OutputDropOptions
{
    /// <summary>Fires when ewma/baseline stays below this for <see cref="ConsecutiveReadings"/> readings.</summary>
    public double FireBelowRatio { get; set; } = 0.6;

    /// <summary>CRITICAL below this ratio, WARNING otherwise.</summary>
    public double CriticalBelowRatio { get; set; } = 0.3;

    /// <summary>Clears when the ratio stays above this for <see cref="ConsecutiveReadings"/> readings.</summary>
    public double ClearAboveRatio { get; set; } = 0.75;

    public int ConsecutiveReadings { get; set; } = 3;
}
