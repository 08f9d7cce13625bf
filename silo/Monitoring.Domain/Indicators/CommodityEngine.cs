using System.Globalization;

namespace Monitoring.Domain.Indicators;

/// <summary>
/// One commodity's indicators, free of Orleans: the commodity's slice of the topology and the newest condition
/// of each of its nodes and lanes (<see cref="CommodityState"/>, stored by its grain) make a
/// <see cref="SupplyNetwork"/>; indicators, stress tests and project appraisals are computed on it (the last two
/// on copies, changing nothing). Conditions arrive on changes, never per reading (<see cref="ConditionReporter"/>).
/// </summary>
public sealed class CommodityEngine(string code, CommodityState state, IndicatorOptions options, TimeProvider time)
{
    private readonly ScoreTrend _trend = new();
    private CommodityIndicators? _current;
    private string? _publishedFingerprint;
    private (MonitoringEvent Event, string Fingerprint)? _offered;

    public CommodityState State => state;

    /// <summary>Whether the topology grain's version <paramref name="version"/> is newer than the slice held (or none is).</summary>
    public bool NeedsSlice(long version) => state.Slice is null || state.Slice.TopologyVersion < version;

    /// <summary>Takes a slice and forgets the conditions of nodes and lanes no longer in it.</summary>
    public void Adopt(CommoditySlice slice)
    {
        state.Slice = slice;
        var nodeIds = slice.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var laneIds = slice.Lanes.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in state.Nodes.Keys.Where(id => !nodeIds.Contains(id)).ToList()) state.Nodes.Remove(id);
        foreach (var id in state.Lanes.Keys.Where(id => !laneIds.Contains(id)).ToList()) state.Lanes.Remove(id);
    }

    /// <summary>
    /// A node's condition; false when an older version arrives late. Conditions that arrive before the topology
    /// configures the commodity are kept: <see cref="Adopt"/> prunes strays.
    /// </summary>
    public bool Take(NodeCondition condition)
    {
        if (state.Nodes.TryGetValue(condition.NodeId, out var known) && known.Version >= condition.Version) return false;
        state.Nodes[condition.NodeId] = condition;
        return true;
    }

    /// <summary>A lane's condition; false when an older version arrives late.</summary>
    public bool Take(LaneCondition condition)
    {
        if (state.Lanes.TryGetValue(condition.LaneId, out var known) && known.Version >= condition.Version) return false;
        state.Lanes[condition.LaneId] = condition;
        return true;
    }

    /// <summary>Computes the indicators now and adds the score to the trend.</summary>
    public CommodityIndicators Recompute()
    {
        _current = IndicatorCalculator.Compute(Network(), options, time.GetUtcNow());
        _trend.Record(_current);
        return _current;
    }

    /// <summary>The latest indicators with the recent trend.</summary>
    public CommodityIndicators Indicators() => (_current ?? Recompute()) with { Trend = _trend.Points };

    /// <summary>The nodes that are not operational, as their conditions say.</summary>
    public IReadOnlyList<NodeStatus> NodeStatuses() =>
        state.Nodes.Values.Where(n => n.Status != OperationalStatus.Operational).Select(n => new NodeStatus(n.NodeId, n.Status)).ToList();

    public CommodityStress StressTest(StressScenario scenario) => StressTester.Run(Network(), scenario, options, time.GetUtcNow());

    /// <summary>This commodity's part of an incident's impact (<see cref="OutageAssessor"/>).</summary>
    public OutageAssessment AssessOutage(OutageScope scope) => OutageAssessor.Assess(Network(), scope, options);

    public Sourcing Sourcing(string consumerCountry) => SourcingCalculator.Compute(Network(), consumerCountry);

    /// <summary>Appraises candidates of this commodity (null: the topology's); ranks are left 0 for the caller, who ranks across commodities.</summary>
    public IReadOnlyList<ProjectAppraisal> Appraise(IReadOnlyList<CandidateProject>? candidates)
    {
        var network = Network();
        var list = (candidates ?? state.Slice?.Candidates ?? []).Where(c => c.Commodity == network.Commodity).ToList();
        return ProjectAppraiser.AppraiseAll(network, list, options, time.GetUtcNow());
    }

    /// <summary>
    /// The INDICATORS_CHANGED event for the latest indicators when what a dashboard shows moved since the last
    /// one published (null otherwise). It carries the score and stages; per-node exposures and gaps are fetched
    /// on demand (they can be long). Call <see cref="MarkPublished"/> once it went out.
    /// </summary>
    public MonitoringEvent? ChangeEvent()
    {
        if (_current is not { } current) return null;
        var fingerprint = Fingerprint(current);
        if (fingerprint == _publishedFingerprint) return null;
        var change = new MonitoringEvent(MonitoringEventType.IndicatorsChanged, current.ComputedAt, null, current.TopologyVersion, null, current with { Nodes = [], Gaps = [] });
        _offered = (change, fingerprint);
        return change;
    }

    /// <summary>The event <see cref="ChangeEvent"/> gave went out: the same indicators are not published again.</summary>
    public void MarkPublished(MonitoringEvent published)
    {
        if (_offered is { } offered && ReferenceEquals(offered.Event, published)) _publishedFingerprint = offered.Fingerprint;
    }

    private SupplyNetwork Network()
    {
        var slice = state.Slice ?? new CommoditySlice(new CommoditySpec(code, code, "t"), [], [], [], 0);
        return SupplyNetwork.Build(slice, state.Nodes, state.Lanes, options);
    }

    /// <summary>What a dashboard shows, rounded: a change below this is not worth an event.</summary>
    private static string Fingerprint(CommodityIndicators i) =>
        string.Join('|', [
            i.TopologyVersion.ToString(CultureInfo.InvariantCulture),
            i.Score.Value.ToString("F1", CultureInfo.InvariantCulture),
            .. i.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage}:{s.AvailableRatio:F3}:{s.HhiCountry:F0}")),
            i.Gaps.Count.ToString(CultureInfo.InvariantCulture),
            i.Score.FeedHealth.ToString("F3", CultureInfo.InvariantCulture),
        ]);
}
