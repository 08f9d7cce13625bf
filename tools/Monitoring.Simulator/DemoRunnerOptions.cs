namespace Monitoring.Simulator;

/// <summary>Options of a demo run.</summary>
public sealed class DemoRunnerOptions
{
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Over https, the gateway's own certificate, accepted whatever names it carries.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TrustedCertificate { get; init; }

    /// <summary>Time between two rounds of observations.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often progress is logged.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop after this long (null: until cancelled).</summary>
    public TimeSpan? Duration { get; init; }

    public DemoScript Script { get; init; } = DemoScript.ChileUs;

    /// <summary>Providers (owners) whose nodes and lanes the simulator leaves to a real provider.</summary>
    public IReadOnlySet<string> LeaveAlone { get; init; } = new HashSet<string>();
}
