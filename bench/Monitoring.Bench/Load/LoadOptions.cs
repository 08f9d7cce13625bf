namespace Monitoring.Bench.Load;

/// <summary>What the load process sends, where, and for how long.</summary>
public sealed record LoadOptions
{
    public required Uri Target { get; init; }

    public LoadShape Shape { get; init; } = new();

    public string? ApiKey { get; init; }

    /// <summary>Watch the platform's events and time the triggers' detection.</summary>
    public bool Watch { get; init; }

    public int Seed { get; init; } = 42;
}
