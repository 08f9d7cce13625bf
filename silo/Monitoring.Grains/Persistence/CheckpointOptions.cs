using Monitoring.Domain;

namespace Monitoring.Grains.Persistence;

/// <summary>Group commit of node and lane state (configuration section "Checkpoint"; docs/reliability.md).</summary>
public sealed class CheckpointOptions : IValidatedOptions
{
    public static string SectionName => "Checkpoint";

    /// <summary>
    /// A batch is applied (and detected on) at once; its ack waits for the next state write, and every
    /// batch a grain receives within this interval shares that one write. Zero writes right away.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(200);

    public IEnumerable<string> Problems()
    {
        if (Interval < TimeSpan.Zero || Interval > TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:Interval must be between 0 and 1 second (acks wait for it, and gateways give up after Ingest:ApplyTimeout)";
    }
}
