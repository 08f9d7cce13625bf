namespace Monitoring.Grains.Feeds;

[GenerateSerializer, Alias("monitoring.FeedDirectoryState")]
public sealed class FeedDirectoryState
{
    [Id(0)] public Dictionary<string, FeedActivity> Feeds { get; set; } = new(StringComparer.Ordinal);
}
