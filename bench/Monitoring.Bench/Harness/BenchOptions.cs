using Monitoring.Bench.Load;

namespace Monitoring.Bench.Harness;

public sealed record BenchOptions
{
    /// <summary>The load for the platform; the null sink gets the same, always flat out (rate 0).</summary>
    public LoadShape Load { get; init; } = new();

    public PlatformMode Mode { get; init; } = PlatformMode.Embedded;

    /// <summary>Silo processes in cluster mode (each on the same machine; Orleans spreads the grains over them).</summary>
    public int Silos { get; init; } = 1;

    public bool SkipNullSink { get; init; }

    /// <summary>Skip the null-grain target (the platform's processes with grains that return at once).</summary>
    public bool SkipNullGrain { get; init; }

    /// <summary>Extra configuration for the platform's processes (--Key=Value).</summary>
    public IReadOnlyList<string> PlatformSettings { get; init; } = [];
}
