using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Topology;
using static Monitoring.Contracts.OperationalStatusExtensions;

namespace Monitoring.Gateway.Events;

/// <summary>Cluster-wide gauges (configuration section "Metrics"; docs/metrics.md).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

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
}
