namespace Monitoring.Hosting;

/// <summary>What the Orleans dashboard collects (configuration section "Orleans:Dashboard").</summary>
public sealed class OrleansDashboardSettings
{
    /// <summary>Whether gateways serve the dashboard at /orleans (to admins only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Hides the dashboard's live log view: the logs already go to the log pipeline, and streaming them
    /// to a browser costs every log call. Set to false to watch logs from the dashboard.
    /// </summary>
    public bool HideTrace { get; set; } = true;

    /// <summary>How often the dashboard samples silo counters (at least 1000 ms).</summary>
    public int CounterUpdateIntervalMs { get; set; } = 1000;
}
