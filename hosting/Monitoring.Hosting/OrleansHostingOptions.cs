namespace Monitoring.Hosting;

/// <summary>Where cluster membership, grain state and reminders live.</summary>
public enum ClusterStore
{
    /// <summary>One process, state in memory: the embedded demo and tests.</summary>
    Memory,

    /// <summary>Redis: several silo and gateway processes sharing membership, state and reminders.</summary>
    Redis,
}

/// <summary>Orleans hosting (configuration section "Orleans"). The same binaries run embedded or clustered.</summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "monitoring";

    public string ServiceId { get; set; } = "monitoring";

    /// <summary>Memory (localhost clustering, in-memory state) or Redis.</summary>
    public ClusterStore Store { get; set; } = ClusterStore.Memory;

    /// <summary>StackExchange.Redis configuration string, for example "localhost:6379". Also read from ConnectionStrings:redis.</summary>
    public string? Redis { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateways) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at (cluster mode); default: the first non-loopback IPv4 address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How quickly a dead silo is noticed (cluster mode; docs/deploy.md).</summary>
    public MembershipTuning Membership { get; set; } = new();

    /// <summary>How long a grain call may take before it fails (a call to a silo that just died fails at the latest then).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Orleans dashboard (gateways serve it at /orleans to admins; docs/security.md).</summary>
    public OrleansDashboardSettings Dashboard { get; set; } = new();
}

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

/// <summary>
/// Failure detection, tuned for a LAN: each silo probes others every <see cref="ProbeTimeout"/>; after
/// <see cref="MissedProbesLimit"/> missed probes it votes the silo dead, and once enough votes are in the
/// silo is declared dead and its grains reactivate elsewhere: about ProbeTimeout × MissedProbesLimit,
/// 4 s with the defaults (Orleans' own defaults, for WANs and noisy clouds: 5 s × 3).
/// Shorter detects sooner but risks declaring a silo dead during a long GC pause or a network blip.
/// </summary>
public sealed class MembershipTuning
{
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes needed (capped by Orleans at half the live silos, so two silos need one).</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How often each silo writes "I am alive" to the membership table, the backstop of probes.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(10);
}
