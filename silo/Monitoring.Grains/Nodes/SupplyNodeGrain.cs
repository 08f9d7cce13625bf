using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Detection.Rules;
using Monitoring.Domain.Indicators;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Monitoring.Grains.Nodes;

/// <summary>
/// A supply node: applies its observations and runs detection in the same turn. A reminder is the
/// backstop for FEED_SILENT and the other time-based checks: it wakes the node even when nothing calls
/// it, also after a silo restart.
/// </summary>
public sealed class SupplyNodeGrain(
    [PersistentState("node", GrainStorage.Name)] IPersistentState<NodeState> storage,
    TimeProvider time,
    IOptions<DetectionOptions> options,
    CheckpointClock checkpoint,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<SupplyNodeGrain> logger)
    : SubjectGrain<NodeState>(storage, time, options, checkpoint, logger), ISupplyNodeGrain, IRemindable
{
    public const string WakeUpReminder = "wake-up";

    private readonly RecentPoints _recent = new(options.Value.RecentPointsPerMetric);
    private readonly ConditionReporter _reporter = new();
    private RuleThresholds? _thresholds;

    protected override bool IsConfigured => State.Configuration is not null;

    protected override IEnumerable<string> Commodities => State.Configuration!.Spec.Commodities.Select(c => c.Commodity);

    protected override SubjectType SubjectType => SubjectType.Node;

    private RuleThresholds Thresholds => _thresholds ??= NodeMonitor.ThresholdsFor(State.Configuration!.Spec, Options);

    public async Task Configure(NodeConfiguration configuration)
    {
        var wasConfigured = IsConfigured;
        State.Configuration = configuration;
        _thresholds = null;
        State.LastReceivedAt ??= Now;
        // Lanes may be new: they must hear about a disruption that is already going on.
        if (State.LastSignal is { Disrupted: true }) State.SignalPending = true;
        if (wasConfigured) await ChangeAsync(m => ((NodeMonitor)m).ForgetLanesOtherThan(configuration.InboundLaneIds));
        else await ChangeAsync(_ => { });

        // Wakes the node when nothing calls it: as often as the feed may stay silent, between the
        // reminder service's minimum and 10 minutes.
        var silence = FeedSilentRule.Silence(Thresholds, configuration.Spec);
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        var period = silence < minimum ? minimum : silence > MaxReminderPeriod ? MaxReminderPeriod : silence;
        await this.RegisterOrUpdateReminder(WakeUpReminder, period, period);
    }

    public async Task Decommission(long topologyVersion)
    {
        if (await this.GetReminder(WakeUpReminder) is { } reminder) await this.UnregisterReminder(reminder);
        await RetireAsync();
    }

    public Task<ApplyResult> Apply(SubjectBatch batch) => ApplyBatch(batch);

    public Task OnUpstreamChanged(string laneId, ImpairmentSignal signal) =>
        ReceiveSignalAsync(m => ((NodeMonitor)m).OnUpstream(laneId, signal), signal.TriggerReceivedAt);

    public Task<DisruptionActionResult> Acknowledge(string disruptionId, string actor, string note) => ActAsync(m => m.Acknowledge(disruptionId, actor, note));

    public Task<DisruptionActionResult> Resolve(string disruptionId, string actor, string note) => ActAsync(m => m.Resolve(disruptionId, actor, note));

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeAsync();

    public Task<NodeSnapshot> GetSnapshot()
    {
        if (State.Configuration is not { } configuration)
        {
            DeactivateOnIdle();
            return Task.FromResult(new NodeSnapshot(null, OperationalStatus.Unknown, [], [], null, 0));
        }
        var monitor = Monitor();
        var metrics = State.Series
            .Select(kv => ToView(kv.Key, kv.Value))
            .OrderBy(m => m.Metric).ThenBy(m => m.Commodity)
            .ToList();
        return Task.FromResult(new NodeSnapshot(
            configuration.Spec,
            monitor.Disruptions.Status(),
            metrics,
            [.. monitor.Disruptions.Active, .. monitor.Disruptions.RecentlyClosed],
            State.LastObservationAt,
            State.ObservationsApplied));
    }

    protected override IReadOnlyList<ItemRejection> Validate(SubjectBatch batch) => NodeMonitor.Validate(State.Configuration!.Spec, batch);

    protected override SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt = null) => new NodeMonitor(State, Thresholds, Options, Time, triggerReceivedAt);

    protected override IEnumerable<Task> Deliver(ImpairmentSignal signal)
    {
        var configuration = State.Configuration!;
        return Propagation.LanesToTell(configuration).Select(laneId =>
            GrainFactory.GetGrain<IShipmentLaneGrain>(laneId).OnEndpointChanged(configuration.Spec.Id, Propagation.ForLane(signal, configuration, laneId)));
    }

    /// <summary>One-way: the node never waits on its commodities, and a lost message is made good by the next change or refresh.</summary>
    protected override void ReportConditions()
    {
        var monitor = (NodeMonitor)Monitor();
        foreach (var role in State.Configuration!.Spec.Commodities)
        {
            if (_reporter.Next(role.Commodity, monitor.Condition(role.Commodity), Now) is { } condition)
                _ = GrainFactory.GetGrain<ICommodityGrain>(role.Commodity).OnNodeChanged(condition);
        }
    }

    protected override void OnApplied(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
        var spec = State.Configuration!.Spec;
        foreach (var reading in batch.Readings)
        {
            if (rejected.Count > 0 && rejected.Any(r => r.Index == reading.Index)) continue;
            _recent.Add(NodeMonitor.SeriesKey(spec, reading), new MetricPoint(reading.ObservedAt, reading.Value));
        }
    }

    private MetricSeriesView ToView(string key, MetricSeriesState series)
    {
        var slash = key.IndexOf('/');
        var metric = Enum.Parse<Metric>(slash < 0 ? key : key[..slash]);
        var commodity = slash < 0 ? "" : key[(slash + 1)..];
        return new MetricSeriesView(metric, commodity, series.Latest, series.LatestAt, series.Ewma, _recent.Get(key));
    }
}
