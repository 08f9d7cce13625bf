using Monitoring.Domain;

namespace Monitoring.Hosting;

/// <summary>Orleans hosting (configuration section "Orleans"). The same binaries run embedded or clustered.</summary>
public sealed class OrleansHostingOptions : IValidatedOptions
{
    public static string SectionName => "Orleans";

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

    /// <summary>
    /// The CA (PEM) that signed Redis's certificate, for a Redis over TLS (<c>ssl=true,sslHost=…</c> in <see cref="Redis"/>)
    /// whose certificate the system does not trust: only certificates it signed are accepted.
    /// </summary>
    public string? RedisCaPath { get; set; }

    /// <summary>
    /// With Redis replicas (Sentinel, docs/deploy.md): a grain-state write counts as stored (and what waits for it, such as
    /// a provider's ack) only once this many replicas have it too, so a failover of the primary loses nothing acknowledged.
    /// 0: stored once the primary has it.
    /// </summary>
    public int RedisWaitReplicas { get; set; }

    /// <summary>How long a write waits for <see cref="RedisWaitReplicas"/> before it fails (the provider resends the batch).</summary>
    public TimeSpan RedisWaitTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How quickly a dead silo is noticed (cluster mode; docs/deploy.md).</summary>
    public MembershipTuning Membership { get; set; } = new();

    /// <summary>How long a grain call may take before it fails (a call to a silo that just died fails at the latest then).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Orleans dashboard (gateways serve it at /orleans to admins; docs/security.md).</summary>
    public OrleansDashboardSettings Dashboard { get; set; } = new();

    /// <summary>Mutual TLS between silos and their clients (off unless configured).</summary>
    public ClusterTls Tls { get; set; } = new();

    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Store)) yield return $"{SectionName}:Store must be Memory or Redis";
        if (Store == ClusterStore.Redis && string.IsNullOrWhiteSpace(Redis))
            yield return $"{SectionName}:Store is Redis but no Redis address is configured: set {SectionName}:Redis (or ConnectionStrings:redis), for example localhost:6379.";
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId)) yield return $"{SectionName}:ClusterId and {SectionName}:ServiceId must not be empty";
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
        {
            if (port is < 1 or > 65535) yield return $"{SectionName}:{name} {port} is not a port (1..65535)";
        }
        if (SiloPort == GatewayPort) yield return $"{SectionName}:SiloPort and {SectionName}:GatewayPort must differ";
        if (ResponseTimeout < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:ResponseTimeout must be at least 1 second";
        if (Membership.ProbeTimeout < TimeSpan.FromMilliseconds(100)) yield return $"{SectionName}:Membership:ProbeTimeout must be at least 100 ms";
        if (Membership.MissedProbesLimit < 1) yield return $"{SectionName}:Membership:MissedProbesLimit must be at least 1";
        if (Membership.VotesForDeathDeclaration < 1) yield return $"{SectionName}:Membership:VotesForDeathDeclaration must be at least 1";
        if (Membership.IAmAlivePeriod < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:Membership:IAmAlivePeriod must be at least 1 second";
        if (Dashboard.CounterUpdateIntervalMs < 1000) yield return $"{SectionName}:Dashboard:CounterUpdateIntervalMs must be at least 1000";
        foreach (var problem in Tls.Problems(SectionName)) yield return problem;
        if (RedisWaitReplicas is < 0 or > 16) yield return $"{SectionName}:RedisWaitReplicas must be between 0 and 16";
        if (RedisWaitTimeout < TimeSpan.FromMilliseconds(100) || RedisWaitTimeout > TimeSpan.FromSeconds(30))
            yield return $"{SectionName}:RedisWaitTimeout must be between 100 ms and 30 s";
        if (!string.IsNullOrEmpty(RedisCaPath) && !File.Exists(RedisCaPath)) yield return $"{SectionName}:RedisCaPath '{RedisCaPath}' does not exist";
    }
}
