using Monitoring.Domain;

namespace Monitoring.Gateway;

/// <summary>Gateway settings (configuration section "Gateway").</summary>
public sealed class GatewayOptions : IValidatedOptions
{
    public static string SectionName => "Gateway";

    /// <summary>Co-host a silo in this process (the one-command demo) instead of joining an external cluster.</summary>
    public bool EmbeddedSilo { get; set; } = true;

    /// <summary>Nothing can be wrong: either mode works with any other setting.</summary>
    public IEnumerable<string> Problems() => [];
}
