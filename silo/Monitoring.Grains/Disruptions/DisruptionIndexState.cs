namespace Monitoring.Grains.Disruptions;

/// <summary>The whole index, stored now and then (a snapshot); the changes since are in <see cref="DisruptionJournalState"/>.</summary>
[GenerateSerializer, Alias("monitoring.DisruptionIndexState")]
public sealed class DisruptionIndexState
{
    [Id(0)] public Dictionary<string, Disruption> ById { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many snapshots were stored: a journal belongs to the snapshot it names.</summary>
    [Id(1)] public long Snapshot { get; set; }
}
