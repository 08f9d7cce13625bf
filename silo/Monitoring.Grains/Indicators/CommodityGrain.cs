using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;
using Monitoring.Grains.Persistence;
using Monitoring.Grains.Timers;
using Orleans.Storage;

namespace Monitoring.Grains.Indicators;

/// <summary>
/// One commodity's resilience indicators (<see cref="CommodityEngine"/>). Node and lane grains tell it about
/// changes of status and output (never every reading); it recomputes shortly after, publishes an
/// INDICATORS_CHANGED event when the result moved, and stores the conditions at most every few seconds (and on
/// deactivation). Reads, stress tests and appraisals interleave and compute on copies.
/// </summary>
public sealed class CommodityGrain : Grain, ICommodityGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Longest a recomputation waits after a change, however slow the last one was (indicators follow changes within a second).</summary>
    private static readonly TimeSpan MaxCostBound = TimeSpan.FromMilliseconds(750);

    /// <summary>
    /// Conditions are stored at most this often (and on deactivation): the state carries the commodity's whole
    /// topology slice, so storing it with every recomputation would rewrite megabytes several times a second.
    /// Conditions lost with a crashed silo come back: nodes and lanes report again when they activate and at
    /// least every <see cref="ConditionReporter.Refresh"/>.
    /// </summary>
    private static readonly TimeSpan ConditionsWriteInterval = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<CommodityState> _storage;
    private readonly IOptions<IndicatorOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CommodityGrain> _logger;
    private readonly GroupCommit _commit;
    private readonly OneShotTimer _recompute;
    private readonly OneShotTimer _save;
    private CommodityEngine? _engine;
    private bool _recomputePending;

    /// <summary>How long the last computation took: recomputing waits at least ten times that, so indicators take about a tenth of a core at most however fast conditions change.</summary>
    private TimeSpan _lastComputeTime;

    private DateTimeOffset _savedAt = DateTimeOffset.MinValue;

    public CommodityGrain(
        [PersistentState("commodity", GrainStorage.Name)] IPersistentState<CommodityState> storage,
        IOptions<IndicatorOptions> options,
        TimeProvider time,
        ILogger<CommodityGrain> logger)
    {
        _storage = storage;
        _options = options;
        _time = time;
        _logger = logger;
        _commit = new GroupCommit(storage.WriteStateAsync, divergeOnFailure: false);
        _recompute = new OneShotTimer(this, time, _ => RecomputeAsync());
        _save = new OneShotTimer(this, time, _ => SaveLaterAsync());
    }

    /// <summary>Made once the stored state is loaded (after construction).</summary>
    private CommodityEngine Engine => _engine ??= new CommodityEngine(this.GetPrimaryKeyString(), _storage.State, _options.Value, _time);

    /// <summary>
    /// Catches up with the topology in force when it never heard of it or holds an older one (a cluster upgraded
    /// with a stored topology, an application that stopped half-way): its slice is taken from the topology
    /// grain. Conditions already known stay; the next changes and refreshes bring the rest.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var view = await GrainFactory.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get();
        if (view.Topology is { } topology && Engine.NeedsSlice(view.Version))
        {
            var code = this.GetPrimaryKeyString();
            var commodity = topology.Commodities.FirstOrDefault(c => c.Code == code) ?? new CommoditySpec(code, code, "t");
            Engine.Adopt(SubjectConfigurations.Slice(topology, commodity, view.Version));
        }
        if (Engine.State.Slice is not null) Engine.Recompute();
    }

    public async Task Configure(CommoditySlice slice)
    {
        Engine.Adopt(slice);
        await _commit.WriteAsync();
        _savedAt = _time.GetUtcNow();
        await RecomputeAsync();
    }

    public Task OnNodeChanged(NodeCondition condition) => Changed(Engine.Take(condition));

    public Task OnLaneChanged(LaneCondition condition) => Changed(Engine.Take(condition));

    public Task<CommodityIndicators> GetIndicators() => Task.FromResult(Engine.Indicators());

    public Task<IReadOnlyList<NodeStatus>> GetNodeStatuses() => Task.FromResult(Engine.NodeStatuses());

    public Task<CommodityStress> RunStressTest(StressScenario scenario) => Task.FromResult(Engine.StressTest(scenario));

    public Task<OutageAssessment> AssessOutage(OutageScope scope) => Task.FromResult(Engine.AssessOutage(scope));

    public Task<Sourcing> GetSourcing(string consumerCountry) => Task.FromResult(Engine.Sourcing(consumerCountry));

    public Task<IReadOnlyList<ProjectAppraisal>> AppraiseProjects(IReadOnlyList<CandidateProject>? candidates) => Task.FromResult(Engine.Appraise(candidates));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_commit.HasChanges) return;
        try
        {
            await _commit.WriteAsync();
        }
        catch (Exception e)
        {
            // Harmless: nodes and lanes report their conditions again when they activate and every few minutes.
            _logger.LogDebug(e, "{Commodity}: could not store its conditions on deactivation", this.GetPrimaryKeyString());
        }
    }

    /// <summary>A condition changed: recomputing waits a little, so a burst of changes costs one computation.</summary>
    private Task Changed(bool taken)
    {
        if (!taken) return Task.CompletedTask;
        _commit.Changed();
        if (_recomputePending) return Task.CompletedTask;
        _recomputePending = true;
        var costBound = TimeSpan.FromTicks(Math.Min(10 * _lastComputeTime.Ticks, MaxCostBound.Ticks));
        _recompute.ArmIn(costBound > _options.Value.RecomputeDelay ? costBound : _options.Value.RecomputeDelay);
        return Task.CompletedTask;
    }

    /// <summary>Recomputes, stores the conditions when due and publishes the change; a failure is retried, never lost.</summary>
    private async Task RecomputeAsync()
    {
        _recomputePending = false;
        var started = _time.GetTimestamp();
        Engine.Recompute();
        _lastComputeTime = _time.GetElapsedTime(started);
        try
        {
            if (_commit.HasChanges)
            {
                var wait = _savedAt + ConditionsWriteInterval - _time.GetUtcNow();
                if (wait <= TimeSpan.Zero) await SaveAsync();
                else _save.ArmIn(wait);
            }
            if (Engine.ChangeEvent() is { } change)
            {
                await GrainFactory.GetGrain<IEventNotifierGrain>(0).Publish(change);
                Engine.MarkPublished(change);
            }
        }
        catch (InconsistentStateException e)
        {
            // Another activation wrote meanwhile: start over from what is stored rather than retry a write that cannot succeed.
            _logger.LogWarning(e, "{Commodity}: stored indicator state changed underneath; reloading", this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Commodity}: storing or publishing indicators failed; retrying", this.GetPrimaryKeyString());
            _recomputePending = true;
            _recompute.ArmIn(RetryDelay);
        }
    }

    private async Task SaveAsync()
    {
        await _commit.WriteAsync();
        _savedAt = _time.GetUtcNow();
    }

    private async Task SaveLaterAsync()
    {
        if (!_commit.HasChanges) return;
        try
        {
            await SaveAsync();
        }
        catch (InconsistentStateException e)
        {
            _logger.LogWarning(e, "{Commodity}: stored indicator state changed underneath; reloading", this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Commodity}: storing conditions failed; retrying", this.GetPrimaryKeyString());
            _save.ArmIn(RetryDelay);
        }
    }
}
