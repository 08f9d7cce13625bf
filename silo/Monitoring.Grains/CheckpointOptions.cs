namespace Monitoring.Grains;

/// <summary>Group commit of node and lane state (configuration section "Checkpoint"; DESIGN §9).</summary>
public sealed class CheckpointOptions
{
    public const string SectionName = "Checkpoint";

    /// <summary>
    /// A batch is applied (and detected on) at once; its ack waits for the next state write, and every
    /// batch a grain receives within this interval shares that one write. Zero writes right away.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(200);
}
