using Monitoring.Domain;

namespace Monitoring.Gateway;

/// <summary>Gateway settings (configuration section "Gateway").</summary>
public sealed class GatewayOptions : IValidatedOptions
{
    public static string SectionName => "Gateway";

    /// <summary>Co-host a silo in this process (the one-command demo) instead of joining an external cluster.</summary>
    public bool EmbeddedSilo { get; set; } = true;

    /// <summary>
    /// Largest body a request that is not gRPC may send (the JSON API, sessions), bytes: larger ones are refused with
    /// 413 before they are read. gRPC messages have their own limit (16 MiB).
    /// </summary>
    public long MaxJsonBodyBytes { get; set; } = 4 * 1024 * 1024;

    public IEnumerable<string> Problems()
    {
        if (MaxJsonBodyBytes < 64 * 1024) yield return $"{SectionName}:MaxJsonBodyBytes must be at least 65536 (got {MaxJsonBodyBytes})";
    }
}
