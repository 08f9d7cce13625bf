using Monitoring.Domain.Detection.Rules;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Subjects;

namespace Monitoring.Domain.Detection;

/// <summary>
/// A node's detection: readings fold into metric series and run OUTPUT_DROP, INVENTORY_LOW and
/// ANOMALY; inbound lanes' signals run UPSTREAM_EXPOSURE; time passing runs FEED_SILENT.
/// </summary>
public sealed class NodeMonitor(NodeState state, RuleThresholds thresholds, DetectionOptions options, TimeProvider time, DateTimeOffset? triggerReceivedAt = null)
    : SubjectMonitor(state, Identity(Configured(state)), thresholds, options, time, triggerReceivedAt)
{
    private readonly NodeConfiguration _configuration = state.Configuration!;

    private NodeSpec Spec => _configuration.Spec;

    public static SubjectIdentity Identity(NodeSpec spec) =>
        new(spec.Id, SubjectType.Node, spec.Name, spec.Commodities.Select(c => c.Commodity).ToList());

    /// <summary>The thresholds in force for a node: defaults, configuration, its kind, its own.</summary>
    public static RuleThresholds ThresholdsFor(NodeSpec spec, DetectionOptions options) =>
        RuleThresholds.Resolve(options, spec.Kind.ToString().ToLowerInvariant(), spec.Thresholds);

    protected override TimeSpan Recovery => TimeSpan.FromDays(Spec.RecoveryDays);

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

    /// <summary>
    /// Series key of a reading: the metric, plus the commodity when it is not the node's first. A port
    /// or warehouse's handled volume without a commodity is its total; with one, that commodity's part.
    /// </summary>
    public static string SeriesKey(NodeSpec spec, NodeReading reading) =>
        HandledPerCommodity(spec, reading)
            ? MetricSeriesState.Key(reading.Metric, reading.Commodity!)
            : SeriesKey(spec, reading.Metric, spec.CommodityOrPrimary(reading.Commodity)!.Commodity);

    private static bool HandledPerCommodity(NodeSpec spec, NodeReading reading) =>
        spec.IsLogistics && reading.Metric == Metric.HandledTpd && !string.IsNullOrEmpty(reading.Commodity);

    public static string SeriesKey(NodeSpec spec, Metric metric, string commodity) =>
        MetricSeriesState.Key(metric, commodity == spec.PrimaryCommodity ? "" : commodity);

    /// <summary>
    /// An inbound lane's impairment changed. Returns false, changing nothing, for a lane that does not
    /// lead here (any more) or a signal older than the one known.
    /// </summary>
    public bool OnUpstream(string laneId, ImpairmentSignal signal)
    {
        if (!_configuration.InboundLaneIds.Contains(laneId)) return false;
        if (state.Upstream.TryGetValue(laneId, out var known) && known.Sequence >= signal.Sequence) return false;
        state.Upstream[laneId] = signal;
        // The shortfall of the lane's commodity changed: every exposure on that commodity is re-judged.
        EvaluateExposures(_configuration.LinkOf(laneId).Commodity, Time.GetUtcNow());
        return true;
    }

    /// <summary>After a topology change: forgets lanes that no longer lead here (clearing their exposure).</summary>
    public void ForgetLanesOtherThan(IReadOnlyCollection<string> inboundLaneIds)
    {
        foreach (var laneId in state.Upstream.Keys.Where(l => !inboundLaneIds.Contains(l)).ToList())
        {
            state.Upstream[laneId] = ImpairmentSignal.Clear(laneId, long.MaxValue);
            EvaluateExposure(laneId, Time.GetUtcNow());
            state.Upstream.Remove(laneId);
            EvaluateExposures(null, Time.GetUtcNow());
        }
    }

    /// <summary>
    /// Days the node's inventory of a commodity covers the supply it is losing (time to survive): the
    /// shortfall is what its disrupted inbound lanes of that commodity carry (their capacity), at most
    /// what the node uses or handles of it. Null when no inventory is known.
    /// </summary>
    public double? CoverDays(string commodity)
    {
        var inventory = Latest(Metric.InventoryT, commodity) ?? Latest(Metric.InventoryT, Spec.PrimaryCommodity);
        if (inventory is null) return null;
        var use = ConsumptionRate(commodity) ?? Throughput(commodity);
        var lost = 0.0;
        foreach (var (laneId, signal) in state.Upstream)
        {
            var link = _configuration.LinkOf(laneId);
            if (link.Commodity != commodity || Propagation.Relevant(signal, Spec.Id, commodity).Count == 0) continue;
            lost += link.CapacityTonnesPerDay > 0 ? link.CapacityTonnesPerDay : use ?? 0;
        }
        var shortfall = lost > 0 && use is > 0 ? Math.Min(lost, use.Value) : lost > 0 ? lost : use;
        return shortfall is > 0 ? inventory / shortfall : null;
    }

    /// <summary>
    /// What the indicators need to know of this node for one commodity: its status for it, its output
    /// (moving average) and inventory of it, how long its open disruptions are expected to last, and
    /// whether its feed is fresh. Only the node's own disruptions count: an exposure to an outage
    /// upstream is what the indicators' time to survive measures, and counting it here would count that
    /// outage twice. An inventory or handled volume without a commodity (or of the node's first
    /// commodity) at a node of several commodities is its total: each gets its share (<see cref="SupplyNetwork.CommodityWeight"/>).
    /// </summary>
    public NodeCondition Condition(string commodity)
    {
        double? expectedDays = null;
        foreach (var d in Disruptions.Active)
        {
            if (d.Kind is DisruptionKind.FeedSilent or DisruptionKind.UpstreamExposure || d.Severity < Severity.Warning || !d.Commodities.Contains(commodity)) continue;
            if ((d.ExpectedDuration ?? d.EstimatedTimeToRecover) is { } duration) expectedDays = Math.Max(expectedDays ?? 0, duration.TotalDays);
        }
        return new NodeCondition(Spec.Id, 0, Disruptions.Status(commodity, except: DisruptionKind.UpstreamExposure), CommodityOutput(commodity),
            CommodityInventory(commodity), expectedDays, FeedFresh: Disruptions.FindActive(FeedSilentRule.RuleKey) is null);
    }

    private double? CommodityOutput(string commodity)
    {
        var metric = OutputDropRule.OutputMetric(Spec);
        if (Spec.IsLogistics)
        {
            if (Ewma(MetricSeriesState.Key(metric, commodity)) is { } own) return own;
            return Ewma(MetricSeriesState.Key(metric, "")) * SupplyNetwork.CommodityWeight(Spec, commodity);
        }
        if (Ewma(SeriesKey(Spec, metric, commodity)) is { } output) return output;
        // A by-product nobody measures follows its primary's output.
        return Spec.ByproductRatio(commodity) is { } ratio && Spec.CommodityOrPrimary(commodity)?.ByproductOf is { } primary
            ? Ewma(SeriesKey(Spec, metric, primary)) * ratio
            : null;
    }

    private double? CommodityInventory(string commodity)
    {
        if (commodity != Spec.PrimaryCommodity && Latest(Metric.InventoryT, commodity) is { } own) return own;
        return Latest(Metric.InventoryT, Spec.PrimaryCommodity) * SupplyNetwork.CommodityWeight(Spec, commodity);
    }

    private double? Ewma(string seriesKey) => state.Series.TryGetValue(seriesKey, out var series) && series.Count > 0 ? series.Ewma : null;

    protected override int ApplyObservations(SubjectBatch batch, HashSet<int>? skip, DateTimeOffset now)
    {
        var applied = 0;
        foreach (var reading in InTimeOrder(batch.Readings, r => r.ObservedAt))
        {
            if (skip?.Contains(reading.Index) == true) continue;
            ApplyReading(reading, now);
            applied++;
        }
        return applied;
    }

    /// <summary>Valid observations arrived: the feed is alive (measured on this clock, not the gateway's).</summary>
    protected override void Heard(DateTimeOffset now)
    {
        state.LastReceivedAt = now;
        FeedSilentRule.Heard(Disruptions, now, now);
    }

    protected override DateTimeOffset? CheckTime(DateTimeOffset now)
    {
        state.LastReceivedAt ??= now;
        FeedSilentRule.Check(Disruptions, Thresholds, Spec, state.LastReceivedAt.Value, Subject.Commodities, now);
        EvaluateExposures(null, now);
        RecheckHeldOpen(now);
        return NextTimeCheck();
    }

    protected override DateTimeOffset? NextTimeCheck()
    {
        var silence = Disruptions.FindActive(FeedSilentRule.RuleKey) is null && state.LastReceivedAt is { } last
            ? last + FeedSilentRule.Silence(Thresholds, Spec) + TimeSpan.FromMilliseconds(1)
            : (DateTimeOffset?)null;
        return Earliest(Earliest(silence, NextExposureChange()), NextHeldOpenCheck());
    }

    /// <summary>
    /// Disruptions whose clear waited for the minimum open time are looked at again once it has passed,
    /// with the values last seen, so a node that stops reporting after recovering does not stay flagged.
    /// </summary>
    private void RecheckHeldOpen(DateTimeOffset now)
    {
        foreach (var (ruleKey, id) in state.Disruptions.ActiveByRuleKey.ToList())
        {
            var d = Disruptions.Active.FirstOrDefault(a => a.Id == id);
            if (d is null || !Disruptions.OpenLongEnough(d, now, Thresholds.MinimumOpenTime)) continue;
            var commodity = d.Commodities.Count == 1 ? d.Commodities[0] : Spec.PrimaryCommodity;
            switch (d.Kind)
            {
                case DisruptionKind.OutputDrop:
                    var streakKey = ruleKey["output-drop/".Length..];
                    if (state.OutputDrop.TryGetValue(streakKey, out var streaks) && streaks.HighStreak >= Thresholds.OutputDropReadingsNeeded)
                    {
                        var (series, baseline, affected, what) = OutputSeries(streakKey);
                        if (series is not null && baseline is { } b)
                            OutputDropRule.Evaluate(Disruptions, streaks, Thresholds, streakKey, affected, what, series.Ewma, b, Recovery, series.LatestAt, now, newReading: false);
                    }
                    break;
                case DisruptionKind.InventoryLow:
                    if (Latest(Metric.InventoryT, commodity) is { } inventory && ConsumptionRate(commodity) is { } rate and > 0)
                        InventoryLowRule.Evaluate(Disruptions, Thresholds, commodity, inventory, rate, now, now);
                    break;
                case DisruptionKind.Anomaly:
                    var seriesKey = ruleKey["anomaly/".Length..];
                    if (state.Series.TryGetValue(seriesKey, out var anomalous)) AnomalyRule.Recheck(Disruptions, anomalous, Thresholds, seriesKey, now);
                    break;
            }
        }
    }

    /// <summary>A critical exposure passes its lane's root causes on, for that lane's commodity, with this node on their path.</summary>
    protected override IReadOnlyList<RootCause>? InheritedCauses(string ruleKey)
    {
        if (!UpstreamExposureRule.IsRuleKey(ruleKey, out var laneId)) return null;
        var commodity = _configuration.LinkOf(laneId).Commodity;
        return Propagation.Relevant(state.Upstream.GetValueOrDefault(laneId), Spec.Id, commodity).Select(c => c.PassedOn(Spec.Id, commodity)).ToList();
    }

    private void ApplyReading(NodeReading reading, DateTimeOffset now)
    {
        Seen(reading.ObservedAt);
        var commoditySpec = Spec.CommodityOrPrimary(reading.Commodity)!;
        var commodity = commoditySpec.Commodity;
        var key = SeriesKey(Spec, reading.Metric, commodity);
        if (!state.Series.TryGetValue(key, out var series)) state.Series[key] = series = new MetricSeriesState();
        if (!series.Add(reading.ObservedAt, reading.Value, Options.EwmaAlpha)) return;

        if (reading.Metric == OutputDropRule.OutputMetric(Spec))
        {
            // Ports and warehouses: a total ("*") or one commodity's handled volume; others: one commodity's output.
            var streakKey = Spec.IsLogistics && !HandledPerCommodity(Spec, reading) ? "*" : commodity;
            var (_, baselineOrNull, affected, what) = OutputSeries(streakKey);
            if (baselineOrNull is { } baseline)
            {
                if (!state.OutputDrop.TryGetValue(streakKey, out var streaks)) state.OutputDrop[streakKey] = streaks = new OutputDropState();
                OutputDropRule.Evaluate(Disruptions, streaks, Thresholds, streakKey, affected, what, series.Ewma, baseline, Recovery, reading.ObservedAt, now);
            }
        }

        if (AnomalyRule.Applies(reading.Metric))
        {
            AnomalyRule.Evaluate(Disruptions, series, Thresholds, Options.AnomalyReferenceAlpha, key, Label(key), [commodity], reading.Value, reading.ObservedAt, now);
        }

        if (reading.Metric is Metric.InventoryT or Metric.ConsumptionTpd)
        {
            if (Latest(Metric.InventoryT, commodity) is { } inventory && ConsumptionRate(commodity) is { } rate and > 0)
            {
                InventoryLowRule.Evaluate(Disruptions, Thresholds, commodity, inventory, rate, reading.ObservedAt, now);
            }
            // Cover changed: exposures of lanes carrying this commodity (or all, for the node's total inventory) may change severity.
            EvaluateExposures(commodity == Spec.PrimaryCommodity ? null : commodity, now);
        }
    }

    /// <summary>Re-judges the exposure of every inbound lane with a signal (of one commodity, or all).</summary>
    private void EvaluateExposures(string? commodity, DateTimeOffset now)
    {
        foreach (var laneId in state.Upstream.Keys.Order(StringComparer.Ordinal).ToList())
        {
            var laneCommodity = _configuration.LinkOf(laneId).Commodity;
            if (commodity is null || laneCommodity == commodity) EvaluateExposure(laneId, now);
        }
    }

    /// <summary>The output series, baseline and naming for an OUTPUT_DROP streak key ("*" = a port's total).</summary>
    private (MetricSeriesState? Series, double? Baseline, IReadOnlyList<string> Affected, string What) OutputSeries(string streakKey)
    {
        var metric = OutputDropRule.OutputMetric(Spec);
        if (streakKey == "*")
        {
            return (state.Series.GetValueOrDefault(MetricSeriesState.Key(metric, "")),
                OutputDropRule.Baseline(Spec, Spec.Commodities[0], perCommodity: false), Subject.Commodities, "handled volume");
        }
        var commoditySpec = Spec.Commodities.First(c => c.Commodity == streakKey);
        var seriesKey = Spec.IsLogistics ? MetricSeriesState.Key(metric, streakKey) : SeriesKey(Spec, metric, streakKey);
        // A drop of a primary's output is one of its by-products too (copper ore carries the molybdenum).
        return (state.Series.GetValueOrDefault(seriesKey), OutputDropRule.Baseline(Spec, commoditySpec, perCommodity: Spec.IsLogistics), [streakKey, .. Spec.ByproductsOf(streakKey)],
            Spec.IsLogistics ? $"{streakKey} handled volume" : $"{streakKey} output");
    }

    /// <summary>"OutputTpd/li" → "output_tpd/li"; computed once per series key (called on every reading).</summary>
    private static string Label(string seriesKey) =>
        Labels.GetOrAdd(seriesKey, static key =>
            string.Concat(key.Select((c, i) => i > 0 && char.IsUpper(c) && key[i - 1] != '/' ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Labels = new(StringComparer.Ordinal);

    private void EvaluateExposure(string laneId, DateTimeOffset now)
    {
        var commodity = _configuration.LinkOf(laneId).Commodity;
        UpstreamExposureRule.Evaluate(Disruptions, Thresholds, Spec.Id, new LaneRef(laneId, commodity), state.Upstream[laneId], CoverDays(commodity), now);
    }

    private DateTimeOffset? NextExposureChange()
    {
        DateTimeOffset? next = null;
        foreach (var (laneId, signal) in state.Upstream)
        {
            if (Disruptions.FindActive(UpstreamExposureRule.RuleKey(laneId)) is not { } exposure) continue;
            var commodity = _configuration.LinkOf(laneId).Commodity;
            next = Earliest(next, UpstreamExposureRule.NextChange(exposure, signal, Spec.Id, commodity, CoverDays(commodity), Thresholds, Time.GetUtcNow()));
        }
        return next;
    }

    private double? Latest(Metric metric, string commodity) =>
        state.Series.TryGetValue(SeriesKey(Spec, metric, commodity), out var series) && series.Count > 0 ? series.Latest : null;

    /// <summary>What the node consumes of a commodity: the reported rate, else its demand in the topology.</summary>
    private double? ConsumptionRate(string commodity)
    {
        if (state.Series.TryGetValue(SeriesKey(Spec, Metric.ConsumptionTpd, commodity), out var consumption) && consumption.Count > 0) return consumption.Ewma;
        var demand = Spec.Commodities.FirstOrDefault(c => c.Commodity == commodity)?.DemandTonnesPerDay ?? 0;
        return demand > 0 ? demand : null;
    }

    /// <summary>What normally flows through the node for a commodity (for cover at nodes without consumption).</summary>
    private double? Throughput(string commodity)
    {
        var capacity = Spec.Commodities.FirstOrDefault(c => c.Commodity == commodity)?.CapacityTonnesPerDay ?? 0;
        return capacity > 0 ? capacity * Spec.ExpectedUtilization : null;
    }

    private static NodeSpec Configured(NodeState state) => state.Configuration?.Spec ?? throw new InvalidOperationException("node is not configured");
}
