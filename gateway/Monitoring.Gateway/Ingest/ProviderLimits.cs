using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Per-provider limits on publishing (docs/security.md): observations per second (a token bucket holding
/// one second's worth) and concurrent Publish streams, per key, from the key's own settings or the
/// Ingest defaults. Admin keys are not limited (operators and the demo simulator).
/// </summary>
public sealed class ProviderLimits(IOptionsMonitor<AuthOptions> auth, IOptions<IngestOptions> ingest) : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

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

    /// <summary>Takes <paramref name="observations"/> from the key's budget; when there is not enough, how long until there is.</summary>
    public bool TryTake(string key, int observations, out TimeSpan retryAfter, out int perSecond)
    {
        perSecond = Settings(key).ObservationsPerSecond ?? ingest.Value.ProviderObservationsPerSecond;
        var rate = perSecond;
        var bucket = _buckets.GetOrAdd(key, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate,
            TokensPerPeriod = Math.Max(1, rate / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        retryAfter = TimeSpan.Zero;
        if (observations == 0) return true;
        if (observations > rate)
        {
            // Never fits: the batch is larger than a second's budget.
            retryAfter = TimeSpan.FromSeconds(1);
            return false;
        }
        using var lease = bucket.AttemptAcquire(observations);
        if (lease.IsAcquired) return true;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMilliseconds(100);
        return false;
    }

    private ApiKeyOptions Settings(string key) => auth.CurrentValue.Keys.TryGetValue(key, out var options) ? options : new ApiKeyOptions();

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values) bucket.Dispose();
    }
}
