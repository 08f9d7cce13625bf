using Monitoring.Domain.Detection;
using Monitoring.Domain.Indicators;

namespace Monitoring.Domain.Subjects;

/// <summary>
/// A shipment lane's engine: shipment events (LANE_DELAY), declared closures, and its ends' signals
/// (LANE_BLOCKED); it tells its destination when its impairment changes, and its commodity what the
/// indicators need.
/// </summary>
public sealed class LaneEngine(string id, LaneState state, DetectionOptions options, TimeProvider time) : SubjectEngine(id, state, options, time)
{
    private readonly ConditionReporter _reporter = new();

    public LaneState Lane => (LaneState)State;

    public override SubjectType Type => SubjectType.Lane;

    public override bool IsConfigured => Lane.Configuration is not null;

    public override IReadOnlyList<string> Commodities => [Spec.Commodity];

    public override long TopologyVersion => Lane.Configuration?.TopologyVersion ?? 0;

    private LaneConfiguration Configuration => Lane.Configuration ?? throw new InvalidOperationException($"{Id} is not configured");

    private LaneSpec Spec => Configuration.Spec;

    /// <summary>Sets or replaces the lane's spec; ends it no longer has stop blocking it.</summary>
    public SubjectChange Configure(LaneConfiguration configuration)
    {
        var wasConfigured = IsConfigured;
        Lane.Configuration = configuration;
        Reconfigured();
        if (Lane.LastSignal is { Disrupted: true }) Lane.SignalPending = true;
        return Change(monitor =>
        {
            if (wasConfigured) ((LaneMonitor)monitor).ForgetOtherEndpoints();
        });
    }

    /// <summary>Lanes have no feed cadence: every <see cref="SubjectEngine.MaxWakeUpPeriod"/> (or the reminder service's minimum, if longer).</summary>
    public override TimeSpan WakeUpPeriod(TimeSpan minimum) => minimum > MaxWakeUpPeriod ? minimum : MaxWakeUpPeriod;

    /// <summary>A disrupted lane exposes the node it leads to.</summary>
    public override IReadOnlyList<SignalDelivery> Deliveries(ImpairmentSignal signal) =>
        [new SignalDelivery(Propagation.NodeToTell(Configuration), SubjectType.Node, signal)];

    /// <summary>The lane as operators see it: spec, status, shipments in transit, disruptions.</summary>
    public LaneSnapshot Snapshot()
    {
        if (!IsConfigured) return new LaneSnapshot(null, OperationalStatus.Unknown, [], [], null, 0, null);
        var shipments = Lane.InTransit
            .Select(kv => new ShipmentView(kv.Key, kv.Value.LastEvent, kv.Value.QuantityTonnes, kv.Value.DepartedAt, kv.Value.Eta, kv.Value.UpdatedAt, kv.Value.Latitude, kv.Value.Longitude))
            .OrderBy(s => s.DepartedAt)
            .ToList();
        return new LaneSnapshot(Spec, Monitor(null).Disruptions.Status(), shipments, Disruptions, Lane.LastObservationAt, Lane.ObservationsApplied,
            Lane.ArrivedCount > 0 ? Lane.MeanTransitHours : null);
    }

    /// <summary>What the lane's commodity should hear about it now, if anything changed enough or a refresh is due.</summary>
    public LaneCondition? ConditionToReport() =>
        IsConfigured ? _reporter.Next(Spec.Commodity, ((LaneMonitor)Monitor(null)).Condition(), Now) : null;

    protected override RuleThresholds ResolveThresholds() => LaneMonitor.ThresholdsFor(Spec, Options);

    protected override SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt) => new LaneMonitor(Lane, Thresholds, Options, Time, triggerReceivedAt);

    protected override IReadOnlyList<ItemRejection> Validate(SubjectBatch batch) => [];

    protected override IReadOnlyList<ItemRejection> ValidateAgainstState(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected) =>
        LaneMonitor.ValidateTransitions(Lane, batch, rejected);

    protected override bool OnSignal(SubjectMonitor monitor, string fromId, ImpairmentSignal signal) => ((LaneMonitor)monitor).OnEndpoint(fromId, signal);

    protected override ISubjectState NewState() => new LaneState();
}
