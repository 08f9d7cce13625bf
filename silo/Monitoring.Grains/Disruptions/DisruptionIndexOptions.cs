using Monitoring.Domain;

namespace Monitoring.Grains.Disruptions;

/// <summary>Index retention (configuration section "DisruptionIndex").</summary>
public sealed class DisruptionIndexOptions : IValidatedOptions
{
    public static string SectionName => "DisruptionIndex";

    /// <summary>
    /// Disruptions kept per commodity; the oldest closed ones go first. Active ones are always kept. This bounds
    /// the size of the index's snapshots (a write stores the changes since the last one); each subject also keeps its
    /// own recently closed ones.
    /// </summary>
    public int MaxRetained { get; set; } = 2_000;

    /// <summary>
    /// The index writes at most once per this interval: a change after a quiet spell is written at once, changes
    /// meanwhile share the next write (each upsert is acknowledged once stored, and a batch's ack waits for it).
    /// </summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public IEnumerable<string> Problems()
    {
        if (MaxRetained < 1) yield return $"{SectionName}:MaxRetained must be at least 1 (got {MaxRetained})";
        if (WriteDelay < TimeSpan.Zero || WriteDelay > TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:WriteDelay must be between 0 and 1 second (subjects wait for it before a list shows their changes)";
    }
}
