using Monitoring.Domain;

namespace Monitoring.Gateway.Metrics;

/// <summary>Cluster-wide gauges (configuration section "Metrics"; docs/metrics.md).</summary>
public sealed class MetricsOptions : IValidatedOptions
{
    public static string SectionName => "Metrics";

    /// <summary>How often every gauge is read again from the cluster; disruption changes refresh their commodity at once.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A feed silent for longer is taken as retired and leaves monitoring_feed_age_seconds (and FeedSilent).</summary>
    public TimeSpan FeedRetiredAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Export monitoring_disruption_open, one series per active disruption with its subject (off by default:
    /// a per-subject label). Needed by the per-subject alerts PortDisrupted and LaneDelayed and the inhibition between them.
    /// </summary>
    public bool OpenDisruptionSeries { get; set; }

    /// <summary>At most this many monitoring_disruption_open series per commodity (the most recently changed first).</summary>
    public int MaxOpenDisruptionSeries { get; set; } = 500;

    public IEnumerable<string> Problems()
    {
        if (RefreshInterval < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:RefreshInterval must be at least 1 second";
        if (FeedRetiredAfter <= TimeSpan.Zero) yield return $"{SectionName}:FeedRetiredAfter must be more than 0";
        if (MaxOpenDisruptionSeries < 1) yield return $"{SectionName}:MaxOpenDisruptionSeries must be at least 1";
    }
}
