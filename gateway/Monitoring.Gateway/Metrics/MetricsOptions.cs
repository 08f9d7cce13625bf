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
    /// Serve /metrics only to callers with a key or token that may read (give Prometheus a viewer key); off by default,
    /// for Prometheus inside a closed network. Turn it on wherever the gateway's port is reachable from outside.
    /// </summary>
    public bool RequireKey { get; set; }

    /// <summary>
    /// Export monitoring_disruption_open, one series per active disruption with its subject (off by default:
    /// a per-subject label). Needed by the per-subject alerts PortDisrupted and LaneDelayed and the inhibition between them.
    /// </summary>
    public bool OpenDisruptionSeries { get; set; }

    /// <summary>At most this many monitoring_disruption_open series per commodity (the most recently changed first).</summary>
    public int MaxOpenDisruptionSeries { get; set; } = 500;

    /// <summary>
    /// Export monitoring_incident_lost_tonnes_per_day, one series per active incident with its title, severity and
    /// dashboard link (off by default: a per-incident label). Needed by the per-incident alert IncidentOpen.
    /// </summary>
    public bool OpenIncidentSeries { get; set; }

    /// <summary>At most this many per-incident series per commodity (active first, worst first, newest first).</summary>
    public int MaxOpenIncidentSeries { get; set; } = 200;

    /// <summary>
    /// The dashboard's address as people reach it (for example https://monitoring.example.org), for the link in
    /// each incident's series and alert; empty: a path on the gateway ("/?incident=…").
    /// </summary>
    public string DashboardUrl { get; set; } = "";

    /// <summary>The dashboard link of an incident.</summary>
    public string IncidentLink(string incidentId) => $"{DashboardUrl.TrimEnd('/')}/?incident={Uri.EscapeDataString(incidentId)}";

    /// <summary>
    /// The consumer country whose sourcing the monitoring_sourcing_* gauges export, and the sourcing API's default
    /// (ISO 3166-1 alpha-2).
    /// </summary>
    public string SourcingCountry { get; set; } = "US";

    public IEnumerable<string> Problems()
    {
        if (!Domain.Topology.CountryCodes.IsAssigned(SourcingCountry))
            yield return $"{SectionName}:SourcingCountry must be an ISO 3166-1 alpha-2 code in upper case (got '{SourcingCountry}')";
        if (RefreshInterval < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:RefreshInterval must be at least 1 second";
        if (FeedRetiredAfter <= TimeSpan.Zero) yield return $"{SectionName}:FeedRetiredAfter must be more than 0";
        if (MaxOpenDisruptionSeries < 1) yield return $"{SectionName}:MaxOpenDisruptionSeries must be at least 1";
        if (MaxOpenIncidentSeries < 1) yield return $"{SectionName}:MaxOpenIncidentSeries must be at least 1";
        if (DashboardUrl.Length > 0 && !(Uri.TryCreate(DashboardUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            yield return $"{SectionName}:DashboardUrl must be an absolute http(s) address (got '{DashboardUrl}') or empty";
    }
}
