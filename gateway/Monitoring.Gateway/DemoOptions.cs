namespace Monitoring.Gateway;

/// <summary>The embedded demo (configuration section "Demo").</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Load <see cref="Topology"/> at start.</summary>
    public bool Enabled { get; set; }

    /// <summary>Topology file, relative to the application directory or absolute.</summary>
    public string Topology { get; set; } = "scenarios/chile-us.yaml";

    /// <summary>Run the feed simulator against this gateway's own gRPC port.</summary>
    public bool Simulate { get; set; } = true;

    /// <summary>Time between two rounds of simulated observations.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>gRPC address the simulator publishes to; default: the Kestrel "Grpc" endpoint.</summary>
    public string? FeedEndpoint { get; set; }
}
