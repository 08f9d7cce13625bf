using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Feeds;

/// <summary>
/// Totals and freshness of every feed, from the gateways' aggregated deltas. A feed silent for longer than
/// Detection:FeedWindowRetention is forgotten, so feeds invented once do not keep places from real ones for ever.
/// </summary>
public sealed class FeedDirectoryGrain(
    [PersistentState("feeds", GrainStorage.Name)] IPersistentState<FeedDirectoryState> storage,
    IOptions<DetectionOptions> detection,
    TimeProvider time)
    : Grain, IFeedDirectoryGrain
{
    public async Task Record(IReadOnlyList<FeedActivity> deltas)
    {
        // Add into a copy: if the write fails the gateway sends the same deltas again, so memory must not keep them.
        var previous = storage.State;
        var silentSince = time.GetUtcNow() - detection.Value.FeedWindowRetention;
        var next = new FeedDirectoryState
        {
            Feeds = previous.Feeds.Where(f => f.Value.LastBatchAt >= silentSince).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
            Epochs = previous.Epochs,
        };
        foreach (var delta in deltas)
        {
            if (next.Feeds.TryGetValue(delta.FeedId, out var total)) next.Feeds[delta.FeedId] = total.Add(delta);
            else if (next.Feeds.Count < IFeedDirectoryGrain.MaxFeeds) next.Feeds[delta.FeedId] = delta;
        }
        await WriteAsync(previous, next);
    }

    public Task<FeedPosition> Position(string feedId)
    {
        var epoch = storage.State.Epochs.GetValueOrDefault(feedId);
        var highest = storage.State.Feeds.TryGetValue(feedId, out var feed) && feed.Epoch == epoch ? feed.LastSequence : 0;
        return Task.FromResult(new FeedPosition(highest, epoch));
    }

    public async Task<FeedPosition> Reset(string feedId)
    {
        var previous = storage.State;
        var before = await Position(feedId);
        var epoch = before.Epoch + 1;
        var next = new FeedDirectoryState
        {
            Feeds = new Dictionary<string, FeedActivity>(previous.Feeds, StringComparer.Ordinal),
            Epochs = new Dictionary<string, int>(previous.Epochs, StringComparer.Ordinal) { [feedId] = epoch },
        };
        if (next.Feeds.TryGetValue(feedId, out var feed)) next.Feeds[feedId] = feed with { LastSequence = 0, Epoch = epoch };
        await WriteAsync(previous, next);
        return before with { Epoch = epoch };
    }

    /// <summary>Stores <paramref name="next"/>; memory keeps <paramref name="previous"/> if the write fails.</summary>
    private async Task WriteAsync(FeedDirectoryState previous, FeedDirectoryState next)
    {
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
