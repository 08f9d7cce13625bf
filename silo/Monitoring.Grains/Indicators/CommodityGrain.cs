using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;
using Orleans.Runtime;
using Orleans.Storage;

namespace Monitoring.Grains.Indicators;

/// <summary>
/// One commodity's resilience indicators. Node and lane grains tell it about changes of status and
/// output (never every reading); it recomputes shortly after and publishes an INDICATORS_CHANGED event
/// when the result moved, and stores the conditions at most every few seconds (and on deactivation). Reads, stress tests and appraisals interleave and
/// compute on copies.
/// </summary>
public sealed class CommodityGrain(
    [PersistentState("commodity", GrainStorage.Name)] IPersistentState<CommodityState> storage,
    IOptions<IndicatorOptions> options,
    TimeProvider time,
    ILogger<CommodityGrain> logger)
    : Grain, ICommodityGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Scores kept for the trend, and how far apart (a burst of changes keeps its last value).</summary>
    private const int TrendPoints = 240;
    private static readonly TimeSpan TrendSpacing = TimeSpan.FromSeconds(15);

    private readonly List<ScorePoint> _trend = [];

    private CommodityIndicators? _current;
    private string? _publishedFingerprint;
    private IGrainTimer? _recomputeTimer;
    private bool _recomputePending;

    /// <summary>How long the last computation took: recomputing waits at least ten times that (at most <see cref="MaxCostBound"/>), so indicators take about a tenth of a core at most however fast conditions change.</summary>
    private TimeSpan _lastComputeTime;

    private static readonly TimeSpan MaxCostBound = TimeSpan.FromMilliseconds(750);

    /// <summary>
    /// Conditions are stored at most this often (and on deactivation): the state carries the commodity's
    /// whole topology slice, so storing it with every recomputation would rewrite megabytes several times a
    /// second. Conditions lost with a crashed silo come back: nodes and lanes report again when they
    /// activate and at least every <see cref="ConditionReporter.Refresh"/>.
    /// </summary>
    private static readonly TimeSpan ConditionsWriteInterval = TimeSpan.FromSeconds(5);

    private bool _conditionsUnsaved;
    private DateTimeOffset _conditionsSavedAt = DateTimeOffset.MinValue;
    private IGrainTimer? _saveTimer;

    private CommodityState State => storage.State;

    private IndicatorOptions Options => options.Value;

    /// <summary>
    /// Catches up with the topology in force when it never heard of it or holds an older one (a cluster
    /// upgraded with a stored topology, an application that stopped half-way): its slice is taken from the
    /// topology grain. Conditions already known stay; the next changes and refreshes bring the rest.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var view = await GrainFactory.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get();
        if (view.Topology is { } topology && (State.Slice is null || State.Slice.TopologyVersion < view.Version))
        {
            var code = this.GetPrimaryKeyString();
            var commodity = topology.Commodities.FirstOrDefault(c => c.Code == code) ?? new CommoditySpec(code, code, "t");
            Adopt(SubjectConfigurations.Slice(topology, commodity, view.Version));
        }
        if (State.Slice is not null) RecordTrend(_current = Compute());
    }

    public async Task Configure(CommoditySlice slice)
    {
        Adopt(slice);
        await storage.WriteStateAsync();
        _conditionsUnsaved = false;
        _conditionsSavedAt = time.GetUtcNow();
        await RecomputeAsync();
    }

    public Task OnNodeChanged(NodeCondition condition)
    {
        // Conditions that arrive before the topology configures this grain are kept: Configure prunes strays.
        if (State.Nodes.TryGetValue(condition.NodeId, out var known) && known.Version >= condition.Version) return Task.CompletedTask;
        State.Nodes[condition.NodeId] = condition;
        _conditionsUnsaved = true;
        ScheduleRecompute();
        return Task.CompletedTask;
    }

    public Task OnLaneChanged(LaneCondition condition)
    {
        if (State.Lanes.TryGetValue(condition.LaneId, out var known) && known.Version >= condition.Version) return Task.CompletedTask;
        State.Lanes[condition.LaneId] = condition;
        _conditionsUnsaved = true;
        ScheduleRecompute();
        return Task.CompletedTask;
    }

    public Task<CommodityIndicators> GetIndicators() => Task.FromResult((_current ??= Compute()) with { Trend = _trend.ToList() });

    public Task<IReadOnlyList<NodeStatus>> GetNodeStatuses()
    {
        IReadOnlyList<NodeStatus> result = State.Nodes.Values
            .Where(n => n.Status != OperationalStatus.Operational)
            .Select(n => new NodeStatus(n.NodeId, n.Status))
            .ToList();
        return Task.FromResult(result);
    }

    public Task<CommodityStress> RunStressTest(StressScenario scenario) =>
        Task.FromResult(StressTester.Run(Network(), scenario, Options, time.GetUtcNow()));

    public Task<IReadOnlyList<ProjectAppraisal>> AppraiseProjects(IReadOnlyList<CandidateProject>? candidates)
    {
        var network = Network();
        var now = time.GetUtcNow();
        var list = (candidates ?? State.Slice?.Candidates ?? []).Where(c => c.Commodity == network.Commodity).ToList();
        return Task.FromResult(ProjectAppraiser.AppraiseAll(network, list, Options, now));
    }

    /// <summary>Takes a slice and forgets the conditions of nodes and lanes no longer in it.</summary>
    private void Adopt(CommoditySlice slice)
    {
        State.Slice = slice;
        var nodeIds = slice.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var laneIds = slice.Lanes.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in State.Nodes.Keys.Where(id => !nodeIds.Contains(id)).ToList()) State.Nodes.Remove(id);
        foreach (var id in State.Lanes.Keys.Where(id => !laneIds.Contains(id)).ToList()) State.Lanes.Remove(id);
    }

    private void ScheduleRecompute()
    {
        if (_recomputePending) return;
        _recomputePending = true;
        _recomputeTimer ??= this.RegisterGrainTimer(_ => RecomputeAsync(), new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        // Capped so that indicators still follow a change within a second (docs/indicators.md).
        var costBound = TimeSpan.FromTicks(Math.Min(10 * _lastComputeTime.Ticks, MaxCostBound.Ticks));
        _recomputeTimer.Change(costBound > Options.RecomputeDelay ? costBound : Options.RecomputeDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Recomputes, stores the conditions and publishes the change; a failure is retried, never lost.</summary>
    private async Task RecomputeAsync()
    {
        _recomputePending = false;
        var started = time.GetTimestamp();
        _current = Compute();
        _lastComputeTime = time.GetElapsedTime(started);
        RecordTrend(_current);
        try
        {
            if (_conditionsUnsaved)
            {
                var wait = _conditionsSavedAt + ConditionsWriteInterval - time.GetUtcNow();
                if (wait <= TimeSpan.Zero) await SaveConditionsAsync();
                else ScheduleSave(wait);
            }
            var fingerprint = Fingerprint(_current);
            if (fingerprint != _publishedFingerprint)
            {
                await GrainFactory.GetGrain<IEventNotifierGrain>(0).Publish(new MonitoringEvent(
                    MonitoringEventType.IndicatorsChanged, _current.ComputedAt, null, _current.TopologyVersion, null, Summary(_current)));
                _publishedFingerprint = fingerprint;
            }
        }
        catch (InconsistentStateException e)
        {
            // Another activation wrote meanwhile: start over from what is stored rather than retry a write that cannot succeed.
            logger.LogWarning(e, "{Commodity}: stored indicator state changed underneath; reloading", this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Commodity}: storing or publishing indicators failed; retrying", this.GetPrimaryKeyString());
            _recomputePending = true;
            _recomputeTimer ??= this.RegisterGrainTimer(_ => RecomputeAsync(), new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
            _recomputeTimer.Change(RetryDelay, Timeout.InfiniteTimeSpan);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_conditionsUnsaved) return;
        try
        {
            await SaveConditionsAsync();
        }
        catch (Exception e)
        {
            // Harmless: nodes and lanes report their conditions again when they activate and every few minutes.
            logger.LogDebug(e, "{Commodity}: could not store its conditions on deactivation", this.GetPrimaryKeyString());
        }
    }

    private async Task SaveConditionsAsync()
    {
        _conditionsUnsaved = false;
        try
        {
            await storage.WriteStateAsync();
            _conditionsSavedAt = time.GetUtcNow();
        }
        catch
        {
            _conditionsUnsaved = true;
            throw;
        }
    }

    private void ScheduleSave(TimeSpan delay)
    {
        _saveTimer ??= this.RegisterGrainTimer(_ => SaveLaterAsync(), new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _saveTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task SaveLaterAsync()
    {
        if (!_conditionsUnsaved) return;
        try
        {
            await SaveConditionsAsync();
        }
        catch (InconsistentStateException e)
        {
            logger.LogWarning(e, "{Commodity}: stored indicator state changed underneath; reloading", this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Commodity}: storing conditions failed; retrying", this.GetPrimaryKeyString());
            ScheduleSave(RetryDelay);
        }
    }

    /// <summary>Within <see cref="TrendSpacing"/> of the last point the newer score replaces it, so the trend stays bounded in time as well as in count.</summary>
    private void RecordTrend(CommodityIndicators indicators)
    {
        var point = new ScorePoint(indicators.ComputedAt, indicators.Score.Value);
        if (_trend.Count >= 2 && point.At - _trend[^2].At < TrendSpacing) _trend[^1] = point;
        else _trend.Add(point);
        if (_trend.Count > TrendPoints) _trend.RemoveRange(0, _trend.Count - TrendPoints);
    }

    private CommodityIndicators Compute() => IndicatorCalculator.Compute(Network(), Options, time.GetUtcNow());

    private SupplyNetwork Network()
    {
        var slice = State.Slice ?? new CommoditySlice(new CommoditySpec(this.GetPrimaryKeyString(), this.GetPrimaryKeyString(), "t"), [], [], [], 0);
        return SupplyNetwork.Build(slice, State.Nodes, State.Lanes, Options);
    }

    /// <summary>The event carries the score and stages; per-node exposures and gaps are fetched on demand (they can be long).</summary>
    private static CommodityIndicators Summary(CommodityIndicators indicators) => indicators with { Nodes = [], Gaps = [] };

    /// <summary>What a dashboard shows, rounded: a change below this is not worth an event.</summary>
    private static string Fingerprint(CommodityIndicators i) =>
        string.Join('|', [
            i.TopologyVersion.ToString(),
            i.Score.Value.ToString("F1"),
            .. i.Stages.Select(s => $"{s.Stage}:{s.AvailableRatio:F3}:{s.HhiCountry:F0}"),
            i.Gaps.Count.ToString(),
            i.Score.FeedHealth.ToString("F3"),
        ]);
}
