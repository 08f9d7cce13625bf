using Monitoring.Contracts.Grains;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Feeds;

/// <summary>Totals and freshness of every feed, from the gateways' aggregated deltas.</summary>
public sealed class FeedDirectoryGrain(
    [PersistentState("feeds", GrainStorage.Name)] IPersistentState<FeedDirectoryState> storage)
    : Grain, IFeedDirectoryGrain
{
    public async Task Record(IReadOnlyList<FeedActivity> deltas)
    {
        // Add into a copy: if the write fails the gateway sends the same deltas again, so memory must not keep them.
        var previous = storage.State;
        var next = new FeedDirectoryState { Feeds = new Dictionary<string, FeedActivity>(previous.Feeds, StringComparer.Ordinal) };
        foreach (var delta in deltas)
        {
            if (next.Feeds.TryGetValue(delta.FeedId, out var total)) next.Feeds[delta.FeedId] = total.Add(delta);
            else if (next.Feeds.Count < IFeedDirectoryGrain.MaxFeeds) next.Feeds[delta.FeedId] = delta;
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
