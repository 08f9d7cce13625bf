using System.Collections.Concurrent;
using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Adds up what each feed did on this gateway and sends the totals to the feed directory about once
/// a second, so feed freshness costs one grain call per gateway per second, not one per batch.
/// </summary>
public sealed class FeedActivityRecorder(IGrainFactory grains, ILogger<FeedActivityRecorder> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private Dictionary<string, FeedActivity> _pending = new(StringComparer.Ordinal);

    /// <summary>The totals being sent to the directory now (they are not there until the call returns).</summary>
    private Dictionary<string, FeedActivity> _sending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastBatchAt = new(StringComparer.Ordinal);

    /// <summary>When this gateway last received a batch of each feed (fresher than the cluster's directory, which it feeds every second).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastBatchAt => _lastBatchAt;

    /// <summary>Forgets feeds silent since before <paramref name="before"/> (retired).</summary>
    public void Forget(DateTimeOffset before)
    {
        foreach (var (feed, at) in _lastBatchAt)
        {
            if (at < before) _lastBatchAt.TryRemove(new KeyValuePair<string, DateTimeOffset>(feed, at));
        }
    }

    public void Record(string feedId, int epoch, ulong sequence, int accepted, int rejected, bool duplicate, DateTimeOffset at)
    {
        // Bounded like the cluster's directory: a feed not yet known is not tracked past the limit (Count locks
        // the whole dictionary, so it is read only for a new feed).
        if (_lastBatchAt.ContainsKey(feedId) || _lastBatchAt.Count < IFeedDirectoryGrain.MaxFeeds) _lastBatchAt[feedId] = at;
        Add(new FeedActivity(feedId, 1, accepted, rejected, duplicate ? 1 : 0, sequence, at, epoch));
    }

    /// <summary>Where the feed stands: the directory's position, with what this gateway acknowledged and has not sent it yet.</summary>
    public async Task<FeedPosition> PositionAsync(string feedId)
    {
        var stored = await grains.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey).Position(feedId);
        return stored with { Highest = Math.Max(stored.Highest, Unsent(feedId, stored.Epoch)) };
    }

    /// <summary>Starts the feed afresh in the directory (<see cref="IFeedDirectoryGrain.Reset"/>): the position before, with the new epoch.</summary>
    public async Task<FeedPosition> ResetAsync(string feedId)
    {
        var reset = await grains.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey).Reset(feedId);
        return reset with { Highest = Math.Max(reset.Highest, Unsent(feedId, reset.Epoch - 1)) };
    }

    /// <summary>The feed's highest sequence in <paramref name="epoch"/> acknowledged here and not yet in the directory (0: none).</summary>
    private ulong Unsent(string feedId, int epoch)
    {
        lock (_lock) return Math.Max(Highest(_pending), Highest(_sending));

        ulong Highest(Dictionary<string, FeedActivity> totals) => totals.TryGetValue(feedId, out var total) && total.Epoch == epoch ? total.LastSequence : 0;
    }

    private void Add(FeedActivity delta)
    {
        lock (_lock) _pending[delta.FeedId] = _pending.TryGetValue(delta.FeedId, out var total) ? total.Add(delta) : delta;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync();
        }
        catch (OperationCanceledException)
        {
        }
        await FlushAsync();
    }

    private async Task FlushAsync()
    {
        Dictionary<string, FeedActivity> batch;
        lock (_lock)
        {
            if (_pending.Count == 0) return;
            batch = _sending = _pending;
            _pending = new Dictionary<string, FeedActivity>(StringComparer.Ordinal);
        }
        try
        {
            await grains.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey).Record(batch.Values.ToList());
        }
        catch (Exception e)
        {
            // Keep the counts for the next attempt.
            foreach (var delta in batch.Values) Add(delta);
            logger.LogWarning(e, "could not record feed activity; will retry");
        }
        finally
        {
            lock (_lock) _sending = [];
        }
    }
}
