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
    /// <summary>Feeds kept; past it the longest-silent are dropped, so made-up feed ids cannot grow the directory without end.</summary>
    public const int MaxFeeds = 10_000;

    public async Task Record(IReadOnlyList<FeedActivity> deltas)
    {
        // Add into a copy: if the write fails the gateway sends the same deltas again, so memory must not keep them.
        var previous = storage.State;
        var next = new FeedDirectoryState { Feeds = new Dictionary<string, FeedActivity>(previous.Feeds, StringComparer.Ordinal) };
        foreach (var delta in deltas)
        {
            next.Feeds[delta.FeedId] = next.Feeds.TryGetValue(delta.FeedId, out var total) ? total.Add(delta) : delta;
        }
        if (next.Feeds.Count > MaxFeeds)
        {
            foreach (var silent in next.Feeds.Values.OrderBy(f => f.LastBatchAt).Take(next.Feeds.Count - MaxFeeds).ToList()) next.Feeds.Remove(silent.FeedId);
        }
        storage.State = next;
        try
        {
            await storage.WriteStateAsync();
        }
        catch
        {
            storage.State = previous;
            throw;
        }
    }

    public Task<IReadOnlyList<FeedActivity>> List() =>
        Task.FromResult<IReadOnlyList<FeedActivity>>(storage.State.Feeds.Values.OrderBy(f => f.FeedId, StringComparer.Ordinal).ToList());
}
