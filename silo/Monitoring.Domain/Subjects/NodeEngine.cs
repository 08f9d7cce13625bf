using Monitoring.Domain.Detection;
using Monitoring.Domain.Detection.Rules;
using Monitoring.Domain.Indicators;

namespace Monitoring.Domain.Subjects;

/// <summary>
/// A supply node's engine: readings, declared disruptions, its inbound lanes' signals (UPSTREAM_EXPOSURE) and
/// feed silence; it tells its lanes when its impairment changes, and its commodities what the indicators need.
/// </summary>
public sealed class NodeEngine(string id, NodeState state, DetectionOptions options, TimeProvider time) : SubjectEngine(id, state, options, time)
{
    private readonly RecentPoints _recent = new(options.RecentPointsPerMetric);
    private readonly ConditionReporter _reporter = new();

    public NodeState Node => (NodeState)State;

    public override SubjectType Type => SubjectType.Node;

    public override bool IsConfigured => Node.Configuration is not null;

    public override IReadOnlyList<string> Commodities => Spec.Commodities.Select(c => c.Commodity).ToList();

    public override long TopologyVersion => Node.Configuration?.TopologyVersion ?? 0;

    private NodeConfiguration Configuration => Node.Configuration ?? throw new InvalidOperationException($"{Id} is not configured");

    private NodeSpec Spec => Configuration.Spec;

    /// <summary>Sets or replaces the node's spec and lanes; lanes no longer leading here stop exposing it.</summary>
    public SubjectChange Configure(NodeConfiguration configuration)
    {
        var wasConfigured = IsConfigured;
        Node.Configuration = configuration;
        Reconfigured();
        Node.LastReceivedAt ??= Now;
        // Lanes may be new: they must hear about a disruption that is already going on.
        if (Node.LastSignal is { Disrupted: true }) Node.SignalPending = true;
        return Change(monitor =>
        {
            if (wasConfigured) ((NodeMonitor)monitor).ForgetLanesOtherThan(configuration.InboundLaneIds);
        });
    }

    /// <summary>As often as the feed may stay silent, between the reminder service's minimum and <see cref="SubjectEngine.MaxWakeUpPeriod"/>.</summary>
    public override TimeSpan WakeUpPeriod(TimeSpan minimum)
    {
        var silence = FeedSilentRule.Silence(Thresholds, Spec);
        return silence < minimum ? minimum : silence > MaxWakeUpPeriod ? MaxWakeUpPeriod : silence;
    }

    /// <summary>Every lane hears of the node's impairment; each takes what concerns it (<see cref="Propagation.ForLane"/>).</summary>
    public override IReadOnlyList<SignalDelivery> Deliveries(ImpairmentSignal signal) =>
        Propagation.LanesToTell(Configuration)
            .Select(laneId => new SignalDelivery(laneId, SubjectType.Lane, Propagation.ForLane(signal, Configuration, laneId)))
            .ToList();

    /// <summary>The node as operators see it: spec, status, latest values with recent points, disruptions.</summary>
    public NodeSnapshot Snapshot()
    {
        if (!IsConfigured) return new NodeSnapshot(null, OperationalStatus.Unknown, [], [], null, 0);
        var metrics = Node.Series
            .Select(kv => View(kv.Key, kv.Value))
            .OrderBy(m => m.Metric).ThenBy(m => m.Commodity)
            .ToList();
        return new NodeSnapshot(Spec, Monitor(null).Disruptions.Status(), metrics, Disruptions, Node.LastObservationAt, Node.ObservationsApplied);
    }

    /// <summary>What each commodity should hear about this node now: only what changed enough, or a due refresh (<see cref="ConditionReporter"/>).</summary>
    public IReadOnlyList<(string Commodity, NodeCondition Condition)> ConditionsToReport()
    {
        if (!IsConfigured) return [];
        var monitor = (NodeMonitor)Monitor(null);
        var now = Now;
        var due = new List<(string, NodeCondition)>();
        foreach (var role in Spec.Commodities)
        {
            if (_reporter.Next(role.Commodity, monitor.Condition(role.Commodity), now) is { } condition) due.Add((role.Commodity, condition));
        }
        return due;
    }

    protected override RuleThresholds ResolveThresholds() => NodeMonitor.ThresholdsFor(Spec, Options);

    protected override SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt) => new NodeMonitor(Node, Thresholds, Options, Time, triggerReceivedAt);

    protected override IReadOnlyList<ItemRejection> Validate(SubjectBatch batch) => NodeMonitor.Validate(Spec, batch);

    protected override bool OnSignal(SubjectMonitor monitor, string fromId, ImpairmentSignal signal) => ((NodeMonitor)monitor).OnUpstream(fromId, signal);

    protected override ISubjectState NewState() => new NodeState();

    protected override void OnApplied(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
        foreach (var reading in batch.Readings)
        {
            if (rejected.Count > 0 && rejected.Any(r => r.Index == reading.Index)) continue;
            _recent.Add(NodeMonitor.SeriesKey(Spec, reading), reading.ObservedAt, reading.Value, batch.FeedId);
        }
    }

    private MetricSeriesView View(string key, MetricSeriesState series)
    {
        var slash = key.IndexOf('/');
        var metric = Enum.Parse<Metric>(slash < 0 ? key : key[..slash]);
        var commodity = slash < 0 ? "" : key[(slash + 1)..];
        return new MetricSeriesView(metric, commodity, series.Latest, series.LatestAt, series.Ewma, _recent.Get(key));
    }
}
