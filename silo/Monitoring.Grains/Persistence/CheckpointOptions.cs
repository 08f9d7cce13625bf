using Monitoring.Domain;

namespace Monitoring.Grains.Persistence;

/// <summary>Group commit of node and lane state (configuration section "Checkpoint"; docs/reliability.md).</summary>
public sealed class CheckpointOptions : IValidatedOptions
{
    public static string SectionName => "Checkpoint";

    /// <summary>
    /// A batch is applied (and detected on) at once; its ack waits for the next state write. A grain writes at most about
    /// once per interval, every batch it receives meanwhile sharing the write; one that has not written within it writes
    /// at once. Zero writes right away. 50 ms: W1 and W2 measured best with it (docs/benchmarks.md).
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(50);

    public IEnumerable<string> Problems()
    {
        if (Interval < TimeSpan.Zero || Interval > TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:Interval must be between 0 and 1 second (acks wait for it, and gateways give up after Ingest:ApplyTimeout)";
    }
}
