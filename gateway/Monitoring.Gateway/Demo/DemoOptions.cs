using Monitoring.Domain;

namespace Monitoring.Gateway.Demo;

/// <summary>The embedded demo (configuration section "Demo").</summary>
public sealed class DemoOptions : IValidatedOptions
{
    public static string SectionName => "Demo";

    /// <summary>Load <see cref="Topology"/> at start.</summary>
    public bool Enabled { get; set; }

    /// <summary>Topology file, relative to the application directory or absolute.</summary>
    public string Topology { get; set; } = "scenarios/chile-us.yaml";

    /// <summary>Run the feed simulator against this gateway's own gRPC port.</summary>
    public bool Simulate { get; set; } = true;

    /// <summary>Time between two rounds of simulated observations.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Providers (owners, for example "bhp") whose nodes and lanes the simulator does not publish, so that a real provider —
    /// or someone trying the API with the demo provider key — has them to itself. Empty: the simulator feeds every subject.
    /// </summary>
    public List<string> LeaveAlone { get; set; } = [];

    /// <summary>gRPC address the simulator publishes to; default: the Kestrel "Grpc" endpoint.</summary>
    public string? FeedEndpoint { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!Enabled) yield break;
        if (string.IsNullOrWhiteSpace(Topology)) yield return $"{SectionName}:Topology must name a topology file (for example scenarios/chile-us.yaml)";
        if (Interval < TimeSpan.FromMilliseconds(100) || Interval > TimeSpan.FromHours(1)) yield return $"{SectionName}:Interval must be between 100 ms and 1 hour";
        if (FeedEndpoint is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return $"{SectionName}:FeedEndpoint '{endpoint}' is not an http:// or https:// address";
    }
}
