using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Gateway.Topology;

/// <summary>
/// The gateway's copy of which ids are nodes and which are lanes, for routing and validation. It
/// checks the topology version at most every few seconds (one check at a time, shared by every
/// caller), refreshes on topology events, and at most once per second on demand when a batch names
/// an id it does not know.
/// </summary>
public sealed class SubjectRegistryCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan VersionCheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OnDemandInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile SubjectRegistry _current = SubjectRegistry.Empty;
    private long _checkedAtTicks = long.MinValue;

    public SubjectRegistry Current => _current;

    /// <summary>The registry, checked against the topology grain's version when the last check is old.</summary>
    public ValueTask<SubjectRegistry> GetAsync() =>
        Age() < VersionCheckInterval ? ValueTask.FromResult(_current) : new ValueTask<SubjectRegistry>(CheckAsync(VersionCheckInterval));

    /// <summary>
    /// After a batch named ids the registry <paramref name="used"/> did not know: the newest registry
    /// if it differs from that one (asking the cluster at most once per second), otherwise null.
    /// </summary>
    public async ValueTask<SubjectRegistry?> NewerThanAsync(SubjectRegistry used)
    {
        var latest = _current.Version != used.Version ? _current : await CheckAsync(OnDemandInterval);
        return latest.Version != used.Version ? latest : null;
    }

    /// <summary>Fetches the registry now if the topology version changed (or always, with <paramref name="force"/>).</summary>
    public Task<SubjectRegistry> RefreshAsync(bool force) => CheckAsync(TimeSpan.Zero, force);

    private async Task<SubjectRegistry> CheckAsync(TimeSpan maxAge, bool force = false)
    {
        await _refreshing.WaitAsync();
        try
        {
            // Another caller may have checked while this one waited.
            if (!force && Age() < maxAge) return _current;
            var topology = grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey);
            var version = await topology.GetVersion();
            if (force || version != _current.Version) _current = await topology.GetRegistry();
            Interlocked.Exchange(ref _checkedAtTicks, time.GetUtcNow().UtcTicks);
            return _current;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private TimeSpan Age()
    {
        var checkedAt = Interlocked.Read(ref _checkedAtTicks);
        return checkedAt == long.MinValue ? TimeSpan.MaxValue : TimeSpan.FromTicks(time.GetUtcNow().UtcTicks - checkedAt);
    }
}
