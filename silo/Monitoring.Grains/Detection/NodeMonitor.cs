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
    [Id(7)] public List<MonitoringEvent> UnpublishedEvents { get; set; } = [];
}

/// <summary>A node's monitor: readings fold into metric series and run OUTPUT_DROP.</summary>
public sealed class NodeMonitor(NodeState state, DetectionOptions options, DateTimeOffset? triggerReceivedAt = null)
    : SubjectMonitor(state, Identity(Configured(state)), options, triggerReceivedAt)
{
    private readonly NodeSpec _spec = Configured(state);

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

    /// <summary>Series key of a reading: the metric, plus the commodity when it is not the node's first.</summary>
    public static string SeriesKey(NodeSpec spec, NodeReading reading)
    {
        var commodity = spec.CommodityOrPrimary(reading.Commodity)!.Commodity;
        return MetricSeriesState.Key(reading.Metric, commodity == spec.PrimaryCommodity ? "" : commodity);
    }

    protected override int ApplyObservations(SubjectBatch batch, HashSet<int>? skip, DateTimeOffset now)
    {
        var applied = 0;
        foreach (var reading in batch.Readings.OrderBy(r => r.ObservedAt))
        {
            if (skip?.Contains(reading.Index) == true) continue;
            ApplyReading(reading, now);
            applied++;
        }
        return applied;
    }

    private void ApplyReading(NodeReading reading, DateTimeOffset now)
    {
        Seen(reading.ObservedAt);
        var commoditySpec = _spec.CommodityOrPrimary(reading.Commodity)!;
        var key = SeriesKey(_spec, reading);
        if (!state.Series.TryGetValue(key, out var series)) state.Series[key] = series = new MetricSeriesState();
        if (!series.Add(reading.ObservedAt, reading.Value, Options.EwmaAlpha)) return;

        if (reading.Metric == OutputDropRule.OutputMetric(_spec) && OutputDropRule.Baseline(_spec, commoditySpec) is { } baseline)
        {
            if (!state.OutputDrop.TryGetValue(commoditySpec.Commodity, out var rule))
                state.OutputDrop[commoditySpec.Commodity] = rule = new OutputDropState();
            var (affected, what) = _spec.IsLogistics
                ? (Subject.Commodities, "handled volume")
                : ((IReadOnlyList<string>)[commoditySpec.Commodity], $"{commoditySpec.Commodity} output");
            OutputDropRule.Evaluate(Disruptions, rule, Options.OutputDrop, commoditySpec.Commodity, affected, what, series.Ewma, baseline, reading.ObservedAt, now);
        }
    }

    private static NodeSpec Configured(NodeState state) => state.Configuration?.Spec ?? throw new InvalidOperationException("node is not configured");
}
