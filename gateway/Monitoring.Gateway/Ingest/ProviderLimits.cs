using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Per-provider limits on publishing (docs/security.md): batches, bytes and observations per second (token buckets
/// holding one second's worth) and concurrent Publish streams, per key, from the key's own settings or the
/// Ingest defaults. Admin keys are not limited (operators and the demo simulator).
/// </summary>
public sealed class ProviderLimits(IOptionsMonitor<AuthOptions> auth, IOptions<IngestOptions> ingest) : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Budget Batches, Budget Bytes, Budget Observations)> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> _feeds = new(StringComparer.Ordinal);

    /// <summary>Counts a new stream of <paramref name="key"/>; false when it already has as many as allowed.</summary>
    public bool TryOpenStream(string key, out int limit)
    {
        limit = Settings(key).MaxStreams ?? ingest.Value.MaxStreamsPerProvider;
        var max = limit;
        var opened = false;
        _streams.AddOrUpdate(key, _ => { opened = true; return 1; }, (_, n) => { opened = n < max; return opened ? n + 1 : n; });
        return opened;
    }

    public void CloseStream(string key) => _streams.AddOrUpdate(key, 0, (_, n) => Math.Max(0, n - 1));

    /// <summary>
    /// Counts <paramref name="feedId"/> among the feeds <paramref name="key"/> published to within the last
    /// <see cref="FeedQuotaWindow"/>; false when it would be one more than the key's quota (Ingest:MaxFeedsPerProvider).
    /// </summary>
    public bool TryUseFeed(string key, string feedId, DateTimeOffset now, out int quota)
    {
        quota = Settings(key).MaxFeeds ?? ingest.Value.MaxFeedsPerProvider;
        var feeds = _feeds.GetOrAdd(key, _ => new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        if (feeds.ContainsKey(feedId))
        {
            feeds[feedId] = now;
            return true;
        }
        foreach (var (feed, last) in feeds)
            if (now - last > FeedQuotaWindow) feeds.TryRemove(feed, out _);
        if (feeds.Count >= quota) return false;
        feeds[feedId] = now;
        return true;
    }

    /// <summary>A feed unused this long no longer counts against its provider's quota (a subject forgets it after 8 days).</summary>
    public static readonly TimeSpan FeedQuotaWindow = TimeSpan.FromDays(8);

    /// <summary>
    /// Takes one batch, its <paramref name="bytes"/> and its <paramref name="observations"/> from the key's budgets (so an
    /// empty or tiny batch is not free); when one is short, which (<paramref name="budget"/>, "5 observations per second")
    /// and how long until it has room.
    /// </summary>
    public bool TryTake(string key, int observations, int bytes, out TimeSpan retryAfter, out string budget)
    {
        var (batches, byteBudget, observationBudget) = _budgets.GetOrAdd(key, Budgets);
        foreach (var (limit, amount) in new[] { (batches, 1), (byteBudget, bytes), (observationBudget, observations) })
        {
            if (TryTake(limit.Bucket, limit.PerSecond, amount, out retryAfter)) continue;
            budget = $"{limit.PerSecond} {limit.Unit} per second";
            return false;
        }
        budget = "";
        retryAfter = TimeSpan.Zero;
        return true;
    }

    /// <summary>A key's three budgets, from its settings or the Ingest defaults, made at its first batch.</summary>
    private (Budget Batches, Budget Bytes, Budget Observations) Budgets(string key)
    {
        var settings = Settings(key);
        var options = ingest.Value;
        return (new Budget("batches", settings.BatchesPerSecond ?? options.ProviderBatchesPerSecond),
            new Budget("bytes", settings.BytesPerSecond ?? options.ProviderBytesPerSecond),
            new Budget("observations", settings.ObservationsPerSecond ?? options.ProviderObservationsPerSecond));
    }

    /// <summary>So many of a unit per second, in a bucket holding one second's worth.</summary>
    private sealed record Budget(string Unit, int PerSecond)
    {
        public TokenBucketRateLimiter Bucket { get; } = NewBucket(PerSecond);
    }

    private static bool TryTake(TokenBucketRateLimiter bucket, int perSecond, int amount, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (amount == 0) return true;
        if (amount > perSecond)
        {
            // Never fits: the batch is larger than a second's budget.
            retryAfter = TimeSpan.FromSeconds(1);
            return false;
        }
        using var lease = bucket.AttemptAcquire(amount);
        if (lease.IsAcquired) return true;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMilliseconds(100);
        return false;
    }

    /// <summary>A bucket holding one second's worth, refilled about every 100 ms (a slow one: a token at a time) at exactly its rate.</summary>
    private static TokenBucketRateLimiter NewBucket(int perSecond)
    {
        var tokens = Math.Max(1, perSecond / 10);
        return new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * tokens / perSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>Declared disruptions the provider of <paramref name="key"/> may have open at once.</summary>
    public int MaxDeclared(string key) => Settings(key).MaxDeclared ?? ingest.Value.MaxDeclaredPerProvider;

    private ApiKeyOptions Settings(string key) => auth.CurrentValue.Keys.TryGetValue(key, out var options) ? options : new ApiKeyOptions();

    public void Dispose()
    {
        foreach (var (batches, bytes, observations) in _budgets.Values)
        {
            batches.Bucket.Dispose();
            bytes.Bucket.Dispose();
            observations.Bucket.Dispose();
        }
    }
}
