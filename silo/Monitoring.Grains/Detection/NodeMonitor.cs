namespace Monitoring.Grains.Detection;

/// <summary>Everything a node persists: configuration, per-feed dedupe, metric series, rule state, disruptions.</summary>
[GenerateSerializer, Alias("monitoring.NodeState")]
public sealed class NodeState : ISubjectState
{
    [Id(0)] public NodeConfiguration? Configuration { get; set; }
    [Id(1)] public Dictionary<string, FeedSequenceWindow> Feeds { get; set; } = [];
    [Id(2)] public Dictionary<string, MetricSeriesState> Series { get; set; } = [];
    [Id(3)] public Dictionary<string, OutputDropState> OutputDrop { get; set; } = [];
    [Id(4)] public DisruptionBookState Disruptions { get; set; } = new();
    [Id(5)] public long ObservationsApplied { get; set; }
    [Id(6)] public DateTimeOffset? LastObservationAt { get; set; }
}

/// <summary>
/// The detection logic of one node, free of Orleans: validates a batch against the node's spec,
/// folds readings into the metric series and runs the rules in the same call, so a flag is raised
/// by the reading that causes it.
/// </summary>
public sealed class NodeMonitor
{
    private readonly NodeState _state;
    private readonly NodeSpec _spec;
    private readonly DetectionOptions _options;
    private readonly DisruptionBook _book;

    public NodeMonitor(NodeState state, DetectionOptions options, DateTimeOffset? triggerReceivedAt = null)
    {
        _state = state;
        _spec = state.Configuration?.Spec ?? throw new InvalidOperationException("node is not configured");
        _options = options;
        _book = new DisruptionBook(state.Disruptions, Identity(_spec), options.RecentlyClosedPerSubject, triggerReceivedAt);
    }

    public DisruptionBook Disruptions => _book;

    public static SubjectIdentity Identity(NodeSpec spec) =>
        new(spec.Id, SubjectType.Node, spec.Name, spec.Commodities.Select(c => c.Commodity).ToList());

    /// <summary>Observations this node refuses on domain grounds (the gateway checked the rest).</summary>
    public static IReadOnlyList<ItemRejection> Validate(NodeSpec spec, SubjectBatch batch)
    {
        List<ItemRejection>? rejections = null;
        foreach (var reading in batch.Readings)
        {
            if (spec.CommodityOrPrimary(reading.Commodity) is null)
            {
                (rejections ??= []).Add(new ItemRejection(reading.Index, RejectionCodes.UnknownCommodity,
                    $"node {spec.Id} does not carry commodity '{reading.Commodity}' (it carries {string.Join(", ", spec.Commodities.Select(c => c.Commodity))})"));
            }
        }
        return rejections ?? (IReadOnlyList<ItemRejection>)[];
    }

    /// <summary>Applies the accepted items of a batch (those not in <paramref name="rejected"/>).</summary>
    public int Apply(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected, DateTimeOffset now)
    {
        var skip = rejected.Count == 0 ? null : rejected.Select(r => r.Index).ToHashSet();
        var applied = 0;
        foreach (var reading in batch.Readings.OrderBy(r => r.ObservedAt))
        {
            if (skip?.Contains(reading.Index) == true) continue;
            ApplyReading(reading, now);
            applied++;
        }
        foreach (var report in batch.Reports)
        {
            if (skip?.Contains(report.Index) == true) continue;
            DeclaredRule.Apply(_book, report, batch.FeedId, Identity(_spec).Commodities, now);
            Seen(report.ObservedAt);
            applied++;
        }
        _state.ObservationsApplied += applied;
        return applied;
    }

    /// <summary>Runs the time-based checks (expected ends of declared disruptions); returns when the next one is due.</summary>
    public DateTimeOffset? Tick(DateTimeOffset now) => DeclaredRule.ExpireDue(_book, now);

    /// <summary>Closes every active disruption because the subject left the topology.</summary>
    public void Retire(DateTimeOffset now) => _book.ClearAll(now, "removed from the topology");

    private void ApplyReading(NodeReading reading, DateTimeOffset now)
    {
        Seen(reading.ObservedAt);
        var commoditySpec = _spec.CommodityOrPrimary(reading.Commodity)!;
        var commodity = commoditySpec.Commodity == _spec.PrimaryCommodity ? "" : commoditySpec.Commodity;
        var key = MetricSeriesState.Key(reading.Metric, commodity);
        if (!_state.Series.TryGetValue(key, out var series)) _state.Series[key] = series = new MetricSeriesState();
        if (!series.Add(reading.ObservedAt, reading.Value, _options.EwmaAlpha)) return;

        if (reading.Metric == OutputDropRule.OutputMetric(_spec) && OutputDropRule.Baseline(_spec, commoditySpec) is { } baseline)
        {
            if (!_state.OutputDrop.TryGetValue(commoditySpec.Commodity, out var rule))
                _state.OutputDrop[commoditySpec.Commodity] = rule = new OutputDropState();
            var (affected, what) = _spec.IsLogistics
                ? (Identity(_spec).Commodities, "handled volume")
                : ((IReadOnlyList<string>)[commoditySpec.Commodity], $"{commoditySpec.Commodity} output");
            OutputDropRule.Evaluate(_book, rule, _options.OutputDrop, commoditySpec.Commodity, affected, what, series.Ewma, baseline, reading.ObservedAt, now);
        }
    }

    private void Seen(DateTimeOffset observedAt)
    {
        if (_state.LastObservationAt is null || observedAt > _state.LastObservationAt) _state.LastObservationAt = observedAt;
    }
}
