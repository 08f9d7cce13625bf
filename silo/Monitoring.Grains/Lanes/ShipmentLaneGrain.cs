using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Indicators;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Monitoring.Grains.Lanes;

/// <summary>
/// A shipment lane: shipments in transit, realized transit times, blockages and declared disruptions.
/// A reminder wakes an idle lane so that a shipment overdue without news, or a declared closure's
/// expected end, is noticed even when nothing calls it.
/// </summary>
public sealed class ShipmentLaneGrain(
    [PersistentState("lane", GrainStorage.Name)] IPersistentState<LaneState> storage,
    TimeProvider time,
    IOptions<DetectionOptions> options,
    CheckpointClock checkpoint,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<ShipmentLaneGrain> logger)
    : SubjectGrain<LaneState>(storage, time, options, checkpoint, logger), IShipmentLaneGrain, IRemindable
{
    public const string WakeUpReminder = "wake-up";

    private readonly ConditionReporter _reporter = new();
    private RuleThresholds? _thresholds;

    protected override bool IsConfigured => State.Configuration is not null;

    protected override IEnumerable<string> Commodities => [State.Configuration!.Spec.Commodity];

    protected override SubjectType SubjectType => SubjectType.Lane;

    private RuleThresholds Thresholds => _thresholds ??= LaneMonitor.ThresholdsFor(State.Configuration!.Spec, Options);

    public async Task Configure(LaneConfiguration configuration)
    {
        var wasConfigured = IsConfigured;
        State.Configuration = configuration;
        _thresholds = null;
        if (State.LastSignal is { Disrupted: true }) State.SignalPending = true;
        if (wasConfigured) await ChangeAsync(m => ((LaneMonitor)m).ForgetOtherEndpoints());
        else await ChangeAsync(_ => { });
        var period = reminderOptions.Value.MinimumReminderPeriod > MaxReminderPeriod ? reminderOptions.Value.MinimumReminderPeriod : MaxReminderPeriod;
        await this.RegisterOrUpdateReminder(WakeUpReminder, period, period);
    }

    public async Task Decommission(long topologyVersion)
    {
        if (await this.GetReminder(WakeUpReminder) is { } reminder) await this.UnregisterReminder(reminder);
        await RetireAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeAsync();

    public Task<ApplyResult> Apply(SubjectBatch batch) => ApplyBatch(batch);

    public Task OnEndpointChanged(string nodeId, ImpairmentSignal signal) =>
        ReceiveSignalAsync(m => ((LaneMonitor)m).OnEndpoint(nodeId, signal), signal.TriggerReceivedAt);

    public Task<DisruptionActionResult> Acknowledge(string disruptionId, string actor, string note) => ActAsync(m => m.Acknowledge(disruptionId, actor, note));

    public Task<DisruptionActionResult> Resolve(string disruptionId, string actor, string note) => ActAsync(m => m.Resolve(disruptionId, actor, note));

    public Task<LaneSnapshot> GetSnapshot()
    {
        if (State.Configuration is not { } configuration)
        {
            DeactivateOnIdle();
            return Task.FromResult(new LaneSnapshot(null, OperationalStatus.Unknown, [], [], null, 0, null));
        }
        var monitor = Monitor();
        var shipments = State.InTransit
            .Select(kv => new ShipmentView(kv.Key, kv.Value.LastEvent, kv.Value.QuantityTonnes, kv.Value.DepartedAt, kv.Value.Eta, kv.Value.UpdatedAt, kv.Value.Latitude, kv.Value.Longitude))
            .OrderBy(s => s.DepartedAt)
            .ToList();
        return Task.FromResult(new LaneSnapshot(
            configuration.Spec,
            monitor.Disruptions.Status(),
            shipments,
            [.. monitor.Disruptions.Active, .. monitor.Disruptions.RecentlyClosed],
            State.LastObservationAt,
            State.ObservationsApplied,
            State.ArrivedCount > 0 ? State.MeanTransitHours : null));
    }

    protected override IReadOnlyList<ItemRejection> Validate(SubjectBatch batch) => [];

    protected override IReadOnlyList<ItemRejection> ValidateAgainstState(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected) =>
        LaneMonitor.ValidateTransitions(State, batch, rejected);

    protected override SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt = null) => new LaneMonitor(State, Thresholds, Options, Time, triggerReceivedAt);

    protected override void ReportConditions()
    {
        var commodity = State.Configuration!.Spec.Commodity;
        if (_reporter.Next(commodity, ((LaneMonitor)Monitor()).Condition(), Now) is { } condition)
            _ = GrainFactory.GetGrain<ICommodityGrain>(commodity).OnLaneChanged(condition);
    }

    /// <summary>A disrupted lane exposes the node it leads to.</summary>
    protected override IEnumerable<Task> Deliver(ImpairmentSignal signal) =>
        [GrainFactory.GetGrain<ISupplyNodeGrain>(Propagation.NodeToTell(State.Configuration!)).OnUpstreamChanged(State.Configuration!.Spec.Id, signal)];
}
