using System.Globalization;
using Monitoring.Bench.Workloads;

namespace Monitoring.Bench.Load;

/// <summary>
/// What is sent and for how long: chosen once on `run`'s command line and passed to each load process it
/// starts as the same options (<see cref="Arguments"/>).
/// </summary>
public sealed record LoadShape
{
    public WorkloadKind Workload { get; init; } = WorkloadKind.W1;
    public int Nodes { get; init; } = 10_000;
    public int Lanes { get; init; } = 5_000;
    public int Feeds { get; init; } = 4;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Observations per second over all feeds; 0 sends as fast as acks allow.</summary>
    public double Rate { get; init; }

    /// <summary>Batches in flight per feed (the publisher's window).</summary>
    public int MaxInFlight { get; init; } = 32;

    /// <summary>This shape as the load command's options.</summary>
    public IEnumerable<string> Arguments() =>
    [
        "--workload", Workload.ToString(), "--nodes", Invariant(Nodes), "--lanes", Invariant(Lanes), "--feeds", Invariant(Feeds),
        "--warmup", Invariant(Warmup.TotalSeconds) + "s", "--duration", Invariant(Duration.TotalSeconds) + "s",
        "--rate", Invariant(Rate), "--max-in-flight", Invariant(MaxInFlight),
    ];

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
