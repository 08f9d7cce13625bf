using Monitoring.Contracts.Grains;
using Orleans.Runtime;

namespace Monitoring.Grains.Feeds;

[GenerateSerializer, Alias("monitoring.FeedDirectoryState")]
public sealed class FeedDirectoryState
{
    [Id(0)] public Dictionary<string, FeedActivity> Feeds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Totals and freshness of every feed, from the gateways' aggregated deltas.</summary>
public sealed class FeedDirectoryGrain(
    [PersistentState("feeds", GrainStorage.Name)] IPersistentState<FeedDirectoryState> storage)
    : Grain, IFeedDirectoryGrain
{
    public async Task Record(IReadOnlyList<FeedActivity> deltas)
    {
        foreach (var delta in deltas)
        {
            storage.State.Feeds[delta.FeedId] = storage.State.Feeds.TryGetValue(delta.FeedId, out var total) ? total.Add(delta) : delta;
        }
        await storage.WriteStateAsync();
    }

    public Task<IReadOnlyList<FeedActivity>> List() =>
        Task.FromResult<IReadOnlyList<FeedActivity>>(storage.State.Feeds.Values.OrderBy(f => f.FeedId, StringComparer.Ordinal).ToList());
}
