using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Persistence;
using Monitoring.Grains.Timers;
using Orleans.Concurrency;

namespace Monitoring.Grains.Disruptions;

/// <summary>
/// Active and recent disruptions of one commodity. Upserts are group-committed: each is acknowledged only
/// once stored, and those arriving within <see cref="DisruptionIndexOptions.WriteDelay"/> share one write (the
/// grain is reentrant for that; every change to memory is synchronous). Subjects also put their disruptions
/// back when they activate, so an index restored from an older copy catches up.
/// </summary>
[Reentrant]
public sealed class DisruptionIndexGrain : Grain, IDisruptionIndexGrain
{
    /// <summary>Longest the write after a change waits, however slow the last write was.</summary>
    private static readonly TimeSpan MaxWriteDelay = TimeSpan.FromSeconds(1);

    private readonly IPersistentState<DisruptionIndexState> _storage;
    private readonly IOptions<DisruptionIndexOptions> _options;
    private readonly ILogger<DisruptionIndexGrain> _logger;
    private readonly GroupCommit<DisruptionIndexState> _commit;
    private readonly OneShotTimer _writeTimer;

    public DisruptionIndexGrain(
        [PersistentState("disruptions", GrainStorage.Name)] IPersistentState<DisruptionIndexState> storage,
        IOptions<DisruptionIndexOptions> options,
        TimeProvider time,
        ILogger<DisruptionIndexGrain> logger)
    {
        _storage = storage;
        _options = options;
        _logger = logger;
        // A failed write keeps the changes for the next one; the subjects retry their upserts meanwhile.
        _commit = new GroupCommit<DisruptionIndexState>(storage, divergeOnFailure: false);
        _writeTimer = new OneShotTimer(this, time, WriteAsync);
    }

    private Dictionary<string, Disruption> ById => _storage.State.ById;

    public Task Upsert(Disruption disruption)
    {
        // Versions only grow: an older copy, or a retry of one held already, changes nothing, and is acknowledged
        // once what the index holds is stored (after a failed write, by a new one).
        if (ById.TryGetValue(disruption.Id, out var known) && known.Version >= disruption.Version) return _commit.HasChanges ? NextWrite() : _commit.WhenStored();
        ById[disruption.Id] = disruption;
        Trim();
        return NextWrite();
    }

    public Task Restore(Disruption disruption)
    {
        ById[disruption.Id] = disruption;
        Trim();
        return NextWrite();
    }

    public Task<IReadOnlyList<Disruption>> List(DisruptionQuery query)
    {
        IReadOnlyList<Disruption> result = ById.Values
            .Where(query.Matches)
            .OrderByDescending(d => d.UpdatedAt)
            .Take(Math.Max(0, query.Limit))
            .ToList();
        return Task.FromResult(result);
    }

    public Task<DisruptionCounts> Count()
    {
        int active = 0, critical = 0;
        foreach (var d in ById.Values)
        {
            if (!d.State.IsActive()) continue;
            active++;
            if (d.Severity == Severity.Critical) critical++;
        }
        return Task.FromResult(new DisruptionCounts(active, critical));
    }

    public Task<IReadOnlyList<DisruptionTally>> Tally()
    {
        IReadOnlyList<DisruptionTally> result = ById.Values
            .Where(d => d.State.IsActive())
            .GroupBy(d => (d.Kind, d.Severity))
            .Select(g => new DisruptionTally(g.Key.Kind, g.Key.Severity, g.Count()))
            .ToList();
        return Task.FromResult(result);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _commit.HasChanges ? WriteAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>The oldest closed disruptions go first; active ones are always kept.</summary>
    private void Trim()
    {
        var excess = ById.Count - _options.Value.MaxRetained;
        if (excess <= 0) return;
        foreach (var old in ById.Values.Where(d => !d.State.IsActive()).OrderBy(d => d.UpdatedAt).Take(excess).ToList())
        {
            ById.Remove(old.Id);
        }
    }

    /// <summary>
    /// The write that will store the current changes. The first change arms it: after the write delay, or five
    /// times the last write's duration if longer, so a large index under a storm of changes writes less often
    /// instead of falling behind.
    /// </summary>
    private Task NextWrite()
    {
        var (stored, leads) = _commit.Join();
        if (leads)
        {
            var costBound = TimeSpan.FromTicks(Math.Min(5 * _commit.LastWriteDuration.Ticks, MaxWriteDelay.Ticks));
            _writeTimer.ArmIn(costBound > _options.Value.WriteDelay ? costBound : _options.Value.WriteDelay);
        }
        return stored;
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!_commit.HasChanges) return;
        try
        {
            await _commit.WriteAsync(cancellationToken);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "storing the disruption index of {Commodity} failed", this.GetPrimaryKeyString());
        }
    }
}
