namespace Monitoring.Grains.Disruptions;

/// <summary>
/// The disruptions changed since the index's last snapshot, each once in its latest version: what a group commit
/// stores, so a write costs the changes, not the whole index.
/// </summary>
[GenerateSerializer, Alias("monitoring.DisruptionJournalState")]
public sealed class DisruptionJournalState
{
    [Id(0)] public Dictionary<string, Disruption> Changes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The snapshot these changes follow (<see cref="DisruptionIndexState.Snapshot"/>); another one's journal is not replayed.</summary>
    [Id(1)] public long Snapshot { get; set; }

    /// <summary>Entries trimmed since the snapshot (the oldest closed ones): replay removes them, so an older copy in the snapshot does not come back.</summary>
    [Id(2)] public HashSet<string> Removed { get; set; } = new(StringComparer.Ordinal);

    public int Count => Changes.Count + Removed.Count;
}
