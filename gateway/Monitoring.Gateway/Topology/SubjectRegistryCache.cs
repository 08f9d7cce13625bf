using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Gateway.Topology;

/// <summary>
/// The gateway's copy of which ids are nodes and which are lanes, for routing and validation. It
/// checks the topology version at most every few seconds, refreshes on topology events, and once
/// per second on demand when a batch names an id it does not know.
/// </summary>
public sealed class SubjectRegistryCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan VersionCheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OnDemandInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile SubjectRegistry _current = SubjectRegistry.Empty;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _onDemandAt = DateTimeOffset.MinValue;

    public SubjectRegistry Current => _current;

    /// <summary>The registry, checked against the topology grain's version when the last check is old.</summary>
    public async ValueTask<SubjectRegistry> GetAsync()
    {
        if (time.GetUtcNow() - _checkedAt < VersionCheckInterval) return _current;
        return await RefreshAsync(force: false);
    }

    /// <summary>Refreshes after a batch named unknown ids, at most once per second.</summary>
    public async ValueTask<SubjectRegistry?> RefreshForUnknownAsync()
    {
        var now = time.GetUtcNow();
        if (now - _onDemandAt < OnDemandInterval) return null;
        _onDemandAt = now;
        var before = _current.Version;
        var after = await RefreshAsync(force: false);
        return after.Version != before ? after : null;
    }

    /// <summary>Fetches the registry if the topology version changed (or always, with <paramref name="force"/>).</summary>
    public async Task<SubjectRegistry> RefreshAsync(bool force)
    {
        await _refreshing.WaitAsync();
        try
        {
            var topology = grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey);
            var version = await topology.GetVersion();
            if (force || version != _current.Version) _current = await topology.GetRegistry();
            _checkedAt = time.GetUtcNow();
            return _current;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
