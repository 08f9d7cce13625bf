namespace Monitoring.Grains.Feeds;

[GenerateSerializer, Alias("monitoring.FeedDirectoryState")]
public sealed class FeedDirectoryState
{
    [Id(0)] public Dictionary<string, FeedActivity> Feeds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The epoch of every feed an operator has reset. Never forgotten with the feed's activity: a subject may still hold
    /// the feed's window of that epoch. Grows only by operators' resets.
    /// </summary>
    [Id(1)] public Dictionary<string, int> Epochs { get; set; } = new(StringComparer.Ordinal);
}
