using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Monitoring.Grains.Disruptions;

/// <summary>
/// Active and recent disruptions of one commodity. Upserts are group-committed: each is acknowledged
/// only once stored, and those arriving within <see cref="DisruptionIndexOptions.WriteDelay"/> share
/// one write (the grain is reentrant for that; every change to memory is synchronous). Subjects also put
/// their disruptions back when they activate, so an index restored from an older copy catches up.
/// </summary>
[Reentrant]
public sealed class DisruptionIndexGrain(
    [PersistentState("disruptions", GrainStorage.Name)] IPersistentState<DisruptionIndexState> storage,
    IOptions<DisruptionIndexOptions> options,
    ILogger<DisruptionIndexGrain> logger)
    : Grain, IDisruptionIndexGrain
{
    private IGrainTimer? _writeTimer;
    private TaskCompletionSource? _pendingWrite;

    /// <summary>How long the last write took: the next waits at least five times that (at most a second), so a large index under a storm of changes writes less often instead of falling behind.</summary>
    private TimeSpan _lastWriteTime;

    public Task Upsert(Disruption disruption)
    {
        var byId = storage.State.ById;
        // Versions only grow; an older copy arriving late changes nothing.
        if (byId.TryGetValue(disruption.Id, out var known) && known.Version >= disruption.Version) return Task.CompletedTask;
        byId[disruption.Id] = disruption;
        Trim(byId);
        return NextWrite();
    }

    public Task Restore(Disruption disruption)
    {
        storage.State.ById[disruption.Id] = disruption;
        Trim(storage.State.ById);
        return NextWrite();
    }

    public Task<IReadOnlyList<Disruption>> List(DisruptionQuery query)
    {
        IReadOnlyList<Disruption> result = storage.State.ById.Values
            .Where(query.Matches)
            .OrderByDescending(d => d.UpdatedAt)
            .Take(Math.Max(0, query.Limit))
            .ToList();
        return Task.FromResult(result);
    }

    public Task<DisruptionCounts> Count()
    {
        int active = 0, critical = 0;
        foreach (var d in storage.State.ById.Values)
        {
            if (!d.State.IsActive()) continue;
            active++;
            if (d.Severity == Severity.Critical) critical++;
        }
        return Task.FromResult(new DisruptionCounts(active, critical));
    }

    public Task<IReadOnlyList<DisruptionTally>> Tally()
    {
        IReadOnlyList<DisruptionTally> result = storage.State.ById.Values
            .Where(d => d.State.IsActive())
            .GroupBy(d => (d.Kind, d.Severity))
            .Select(g => new DisruptionTally(g.Key.Kind, g.Key.Severity, g.Count()))
            .ToList();
        return Task.FromResult(result);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _pendingWrite is null ? Task.CompletedTask : WriteAsync(cancellationToken);

    private void Trim(Dictionary<string, Disruption> byId)
    {
        var excess = byId.Count - options.Value.MaxRetained;
        if (excess <= 0) return;
        foreach (var old in byId.Values.Where(d => !d.State.IsActive()).OrderBy(d => d.UpdatedAt).Take(excess).ToList())
        {
            byId.Remove(old.Id);
        }
    }

    /// <summary>The write that will store the current changes: the one already scheduled, or a new one.</summary>
    private Task NextWrite()
    {
        if (_pendingWrite is { } pending) return pending.Task;
        _pendingWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writeTimer ??= this.RegisterGrainTimer(WriteAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        var costBound = TimeSpan.FromTicks(Math.Min(5 * _lastWriteTime.Ticks, TimeSpan.TicksPerSecond));
        _writeTimer.Change(costBound > options.Value.WriteDelay ? costBound : options.Value.WriteDelay, Timeout.InfiniteTimeSpan);
        return _pendingWrite.Task;
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        // Changes arriving while this write runs wait for the next one.
        var batch = _pendingWrite;
        _pendingWrite = null;
        if (batch is null) return;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await storage.WriteStateAsync(cancellationToken);
            _lastWriteTime = Stopwatch.GetElapsedTime(started);
            batch.SetResult();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "storing the disruption index of {Commodity} failed", this.GetPrimaryKeyString());
            // The subjects retry their upserts (their outbox keeps the events until acknowledged).
            batch.SetException(e);
        }
    }
}
