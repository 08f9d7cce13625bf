using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Orleans.Runtime;

namespace Monitoring.Grains.Disruptions;

/// <summary>Index retention (configuration section "DisruptionIndex").</summary>
public sealed class DisruptionIndexOptions
{
    public const string SectionName = "DisruptionIndex";

    /// <summary>Disruptions kept per commodity; the oldest closed ones go first. Active ones are always kept.</summary>
    public int MaxRetained { get; set; } = 10_000;

    /// <summary>Changes are stored at most this often (subject grains hold the authoritative copy).</summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}

[GenerateSerializer, Alias("monitoring.DisruptionIndexState")]
public sealed class DisruptionIndexState
{
    [Id(0)] public Dictionary<string, Disruption> ById { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Active and recent disruptions of one commodity. Writes are batched (at most one per
/// <see cref="DisruptionIndexOptions.WriteDelay"/>); what a crash loses in between is restored by the
/// subject grains, which put their active disruptions back when they activate.
/// </summary>
public sealed class DisruptionIndexGrain(
    [PersistentState("disruptions", GrainStorage.Name)] IPersistentState<DisruptionIndexState> storage,
    IOptions<DisruptionIndexOptions> options,
    ILogger<DisruptionIndexGrain> logger)
    : Grain, IDisruptionIndexGrain
{
    private IGrainTimer? _writeTimer;
    private bool _dirty;

    public Task Upsert(Disruption disruption)
    {
        var byId = storage.State.ById;
        // Versions only grow; an older copy arriving late changes nothing.
        if (byId.TryGetValue(disruption.Id, out var known) && known.Version >= disruption.Version) return Task.CompletedTask;
        byId[disruption.Id] = disruption;
        Trim(byId);
        ScheduleWrite();
        return Task.CompletedTask;
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

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await storage.WriteStateAsync(cancellationToken);
    }

    private void Trim(Dictionary<string, Disruption> byId)
    {
        var excess = byId.Count - options.Value.MaxRetained;
        if (excess <= 0) return;
        foreach (var old in byId.Values.Where(d => !d.State.IsActive()).OrderBy(d => d.UpdatedAt).Take(excess).ToList())
        {
            byId.Remove(old.Id);
        }
    }

    private void ScheduleWrite()
    {
        if (_dirty) return;
        _dirty = true;
        _writeTimer ??= this.RegisterGrainTimer(WriteAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _writeTimer.Change(options.Value.WriteDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "storing the disruption index of {Commodity} failed; retrying", this.GetPrimaryKeyString());
            _writeTimer!.Change(options.Value.WriteDelay, Timeout.InfiniteTimeSpan);
        }
    }
}
