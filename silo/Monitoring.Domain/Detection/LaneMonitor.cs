using Monitoring.Domain.Detection.Rules;
using Monitoring.Domain.Subjects;

namespace Monitoring.Domain.Detection;

/// <summary>
/// A lane's detection: shipments in transit and realized transit run LANE_DELAY; its endpoints'
/// signals run LANE_BLOCKED; a port closure declared on the lane blocks it too.
/// </summary>
public sealed class LaneMonitor(LaneState state, RuleThresholds thresholds, DetectionOptions options, TimeProvider time, DateTimeOffset? triggerReceivedAt = null)
    : SubjectMonitor(state, Identity(Configured(state)), thresholds, options, time, triggerReceivedAt)
{
    /// <summary>Bound on shipments tracked per lane, so a feed that never reports arrivals cannot grow state without end.</summary>
    public const int MaxShipmentsInTransit = 1_000;

    /// <summary>A shipment in transit this many times the baseline without news is forgotten (lost track of, not late).</summary>
    public const double ForgetAfterBaselines = 10;

    private LaneSpec Spec => state.Configuration!.Spec;

    public static SubjectIdentity Identity(LaneSpec spec) => new(spec.Id, SubjectType.Lane, spec.Name, [spec.Commodity]);

    public static RuleThresholds ThresholdsFor(LaneSpec spec, DetectionOptions options) => RuleThresholds.Resolve(options, "lane", spec.Thresholds);

    protected override TimeSpan Recovery => TimeSpan.FromDays(Options.LaneRecoveryDays);

    /// <summary>What the indicators need to know of this lane: its status and the tonnes in transit on it.</summary>
    public LaneCondition Condition() => new(Spec.Id, 0, Disruptions.Status(), state.InTransit.Values.Sum(s => s.QuantityTonnes));

    /// <summary>
    /// The origin's or destination's impairment changed. Returns false, changing nothing, for a node that
    /// is not an end of this lane or a signal older than the one known.
    /// </summary>
    public bool OnEndpoint(string nodeId, ImpairmentSignal signal)
    {
        if (nodeId != Spec.FromNodeId && nodeId != Spec.ToNodeId) return false;
        if (state.Endpoints.TryGetValue(nodeId, out var known) && known.Sequence >= signal.Sequence) return false;
        state.Endpoints[nodeId] = signal;
        LaneBlockedRule.Apply(Disruptions, Spec, nodeId, signal, Time.GetUtcNow());
        return true;
    }

    /// <summary>After a topology change: forgets endpoints the lane no longer has (clearing their blockage).</summary>
    public void ForgetOtherEndpoints()
    {
        foreach (var nodeId in state.Endpoints.Keys.Where(n => n != Spec.FromNodeId && n != Spec.ToNodeId).ToList())
        {
            LaneBlockedRule.Apply(Disruptions, Spec, nodeId, ImpairmentSignal.Clear(nodeId, long.MaxValue), Time.GetUtcNow());
            state.Endpoints.Remove(nodeId);
        }
    }

    /// <summary>Transit against baseline now, and what it is: the worst of shipments in transit, delayed ETAs and realized transit.</summary>
    public (double Ratio, string What) DelayRatio(DateTimeOffset now)
    {
        var baselineHours = Spec.BaselineTransit.TotalHours;
        (double Ratio, string What) worst = (0, "no shipment in transit");
        foreach (var (id, shipment) in state.InTransit)
        {
            var elapsed = (now - shipment.DepartedAt).TotalHours / baselineHours;
            if (elapsed > worst.Ratio) worst = (elapsed, BandRule.Format($"shipment {id} in transit {(now - shipment.DepartedAt).TotalHours:0.#} h (baseline {baselineHours:0.#} h)"));
            if (shipment.LastEvent == ShipmentEventKind.Delayed && shipment.Eta is { } eta)
            {
                var projected = (eta - shipment.DepartedAt).TotalHours / baselineHours;
                if (projected > worst.Ratio) worst = (projected, BandRule.Format($"shipment {id} delayed: ETA {eta:u}, {(eta - shipment.DepartedAt).TotalHours:0.#} h after departure (baseline {baselineHours:0.#} h)"));
            }
        }
        if (state.ArrivedCount > 0 && state.EwmaTransitHours / baselineHours > worst.Ratio)
        {
            worst = (state.EwmaTransitHours / baselineHours, BandRule.Format($"average realized transit {state.EwmaTransitHours:0.#} h over recent arrivals (baseline {baselineHours:0.#} h)"));
        }
        return worst;
    }

    /// <summary>
    /// A shipment's lifecycle on a lane: DEPARTED, then POSITION / DELAYED reports, then ARRIVED, in time
    /// order. A shipment first heard of through POSITION or DELAYED is taken as under way since then (the
    /// feed started mid-voyage). Refused: DEPARTED while in transit, ARRIVED while not in transit (never
    /// departed, arrived already, or forgotten after <see cref="ForgetAfterBaselines"/> baselines without news)
    /// — INVALID_TRANSITION; an event older than the shipment's last one — OUT_OF_ORDER. Events are checked in
    /// the order they are applied (by observed_at), so a batch may carry a whole voyage.
    /// </summary>
    public static IReadOnlyList<ItemRejection> ValidateTransitions(LaneState state, SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
        if (batch.Shipments.Count == 0) return [];
        var skip = rejected.Count == 0 ? null : rejected.Select(r => r.Index).ToHashSet();
        var laneId = state.Configuration!.Spec.Id;
        List<ItemRejection>? rejections = null;
        Dictionary<string, (bool InTransit, DateTimeOffset? Last)>? changed = null;
        foreach (var update in InTimeOrder(batch.Shipments, s => s.ObservedAt))
        {
            if (skip?.Contains(update.Index) == true) continue;
            var (inTransit, last) = changed is not null && changed.TryGetValue(update.ShipmentId, out var seen) ? seen
                : state.InTransit.TryGetValue(update.ShipmentId, out var known) ? (true, known.UpdatedAt) : (false, (DateTimeOffset?)null);
            var problem = update switch
            {
                _ when inTransit && last is { } lastAt && update.ObservedAt < lastAt => new ItemRejection(update.Index, RejectionCodes.OutOfOrder,
                    $"shipment {update.ShipmentId}: {Name(update.Kind)} observed at {update.ObservedAt:O} is before its last event on lane {laneId} ({lastAt:O})"),
                { Kind: ShipmentEventKind.Departed } when inTransit => new ItemRejection(update.Index, RejectionCodes.InvalidTransition,
                    $"shipment {update.ShipmentId} is already in transit on lane {laneId}: it must arrive before it departs again (use a new shipment_id for a new voyage)"),
                { Kind: ShipmentEventKind.Arrived } when !inTransit => new ItemRejection(update.Index, RejectionCodes.InvalidTransition,
                    $"shipment {update.ShipmentId} is not in transit on lane {laneId} (no SHIPMENT_EVENT_KIND_DEPARTED, _POSITION or _DELAYED since it last arrived, or forgotten after long silence)"),
                _ => null,
            };
            if (problem is not null)
            {
                (rejections ??= []).Add(problem);
                continue;
            }
            (changed ??= [])[update.ShipmentId] = (update.Kind != ShipmentEventKind.Arrived, update.ObservedAt);
        }
        return rejections ?? (IReadOnlyList<ItemRejection>)[];
    }

    private static string Name(ShipmentEventKind kind) => ProtoNames.Of(kind);

    protected override int ApplyObservations(SubjectBatch batch, HashSet<int>? skip, DateTimeOffset now)
    {
        var applied = 0;
        foreach (var update in InTimeOrder(batch.Shipments, s => s.ObservedAt))
        {
            if (skip?.Contains(update.Index) == true) continue;
            ApplyShipment(update);
            applied++;
        }
        if (applied > 0) EvaluateDelay(now);
        return applied;
    }

    protected override DateTimeOffset? CheckTime(DateTimeOffset now)
    {
        var forgetBefore = now - Spec.BaselineTransit * ForgetAfterBaselines;
        foreach (var lost in state.InTransit.Where(s => s.Value.UpdatedAt < forgetBefore).Select(s => s.Key).ToList()) state.InTransit.Remove(lost);
        EvaluateDelay(now);
        // A blockage an operator resolved while its endpoint is still disrupted comes back.
        foreach (var (nodeId, signal) in state.Endpoints) LaneBlockedRule.Apply(Disruptions, Spec, nodeId, signal, now);
        return NextTimeCheck();
    }

    /// <summary>
    /// The next moment something changes by time alone: a shipment in transit crosses the next delay
    /// threshold, a shipment is forgotten, or a held-open delay may clear.
    /// </summary>
    protected override DateTimeOffset? NextTimeCheck()
    {
        var next = NextHeldOpenCheck();
        if (state.InTransit.Count == 0) return next;
        var oldestUpdate = state.InTransit.Values.Min(s => s.UpdatedAt);
        next = Earliest(next, oldestUpdate + Spec.BaselineTransit * ForgetAfterBaselines + TimeSpan.FromMilliseconds(1));
        var open = Disruptions.FindActive(LaneDelayRule.RuleKey);
        if (open?.Severity == Severity.Critical) return next;
        var ratio = open is null ? Thresholds.LaneDelay.Fire : Thresholds.LaneDelay.Critical;
        var oldest = state.InTransit.Values.Min(s => s.DepartedAt);
        var crossing = oldest + Spec.BaselineTransit * ratio + TimeSpan.FromMilliseconds(1);
        return crossing > Time.GetUtcNow() ? Earliest(next, crossing) : next;
    }

    /// <summary>
    /// A lane blocked by its origin passes the origin's causes on to its destination; a lane blocked by
    /// its destination passes nothing on, since the destination is the one it would tell.
    /// </summary>
    protected override IReadOnlyList<RootCause>? InheritedCauses(string ruleKey) =>
        !LaneBlockedRule.IsRuleKey(ruleKey, out var nodeId) ? null
        : nodeId == Spec.ToNodeId ? []
        : Propagation.Relevant(state.Endpoints.GetValueOrDefault(nodeId), Spec.Id, Spec.Commodity).Select(c => c.PassedOn(Spec.Id, Spec.Commodity)).ToList();

    private void EvaluateDelay(DateTimeOffset now)
    {
        var (ratio, what) = DelayRatio(now);
        LaneDelayRule.Evaluate(Disruptions, Thresholds, Spec.Commodity, ratio, what, now, now);
    }

    private void ApplyShipment(ShipmentUpdate update)
    {
        Seen(update.ObservedAt);
        state.InTransit.TryGetValue(update.ShipmentId, out var shipment);
        if (update.Kind == ShipmentEventKind.Arrived)
        {
            if (shipment is null) return;
            state.InTransit.Remove(update.ShipmentId);
            var hours = (update.ObservedAt - shipment.DepartedAt).TotalHours;
            if (hours < 0) return;
            state.ArrivedCount++;
            state.MeanTransitHours += (hours - state.MeanTransitHours) / state.ArrivedCount;
            state.EwmaTransitHours = state.ArrivedCount == 1 ? hours : Options.TransitEwmaAlpha * hours + (1 - Options.TransitEwmaAlpha) * state.EwmaTransitHours;
            return;
        }
        if (shipment is null)
        {
            if (state.InTransit.Count >= MaxShipmentsInTransit) state.InTransit.Remove(state.InTransit.MinBy(kv => kv.Value.UpdatedAt).Key);
            shipment = new ShipmentState { DepartedAt = update.ObservedAt };
            state.InTransit[update.ShipmentId] = shipment;
        }
        if (update.Kind == ShipmentEventKind.Departed) shipment.DepartedAt = update.ObservedAt;
        shipment.LastEvent = update.Kind;
        if (update.QuantityTonnes > 0) shipment.QuantityTonnes = update.QuantityTonnes;
        shipment.Eta = update.Eta ?? shipment.Eta;
        shipment.UpdatedAt = update.ObservedAt;
        shipment.Latitude = update.Latitude ?? shipment.Latitude;
        shipment.Longitude = update.Longitude ?? shipment.Longitude;
    }

    private static LaneSpec Configured(LaneState state) => state.Configuration?.Spec ?? throw new InvalidOperationException("lane is not configured");
}
