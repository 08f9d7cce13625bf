namespace Monitoring.Hosting;

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
