namespace Monitoring.Grains.Detection;

/// <summary>A shipment the lane knows to be in transit.</summary>
[GenerateSerializer, Alias("monitoring.ShipmentState")]
public sealed class ShipmentState
{
    [Id(0)] public ShipmentEventKind LastEvent { get; set; }
    [Id(1)] public double QuantityTonnes { get; set; }
    [Id(2)] public DateTimeOffset DepartedAt { get; set; }
    [Id(3)] public DateTimeOffset? Eta { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public double? Latitude { get; set; }
    [Id(6)] public double? Longitude { get; set; }
}

/// <summary>Everything a lane persists.</summary>
[GenerateSerializer, Alias("monitoring.LaneState")]
public sealed class LaneState : ISubjectState
{
    [Id(0)] public LaneConfiguration? Configuration { get; set; }
    [Id(1)] public Dictionary<string, FeedSequenceWindow> Feeds { get; set; } = [];
    [Id(2)] public Dictionary<string, ShipmentState> InTransit { get; set; } = [];
    [Id(3)] public DisruptionBookState Disruptions { get; set; } = new();
    [Id(4)] public long ObservationsApplied { get; set; }
    [Id(5)] public DateTimeOffset? LastObservationAt { get; set; }
    [Id(6)] public long ArrivedCount { get; set; }
    [Id(7)] public double MeanTransitHours { get; set; }
    [Id(8)] public List<MonitoringEvent> UnpublishedEvents { get; set; } = [];
}

/// <summary>A lane's monitor: shipments in transit and realized transit times.</summary>
public sealed class LaneMonitor(LaneState state, DetectionOptions options, DateTimeOffset? triggerReceivedAt = null)
    : SubjectMonitor(state, Identity(Configured(state)), options, triggerReceivedAt)
{
    /// <summary>Bound on shipments tracked per lane, so a feed that never reports arrivals cannot grow state without end.</summary>
    public const int MaxShipmentsInTransit = 1_000;

    public static SubjectIdentity Identity(LaneSpec spec) => new(spec.Id, SubjectType.Lane, spec.Name, [spec.Commodity]);

    protected override int ApplyObservations(SubjectBatch batch, HashSet<int>? skip, DateTimeOffset now)
    {
        var applied = 0;
        foreach (var update in batch.Shipments.OrderBy(s => s.ObservedAt))
        {
            if (skip?.Contains(update.Index) == true) continue;
            ApplyShipment(update);
            applied++;
        }
        return applied;
    }

    private void ApplyShipment(ShipmentUpdate update)
    {
        Seen(update.ObservedAt);
        state.InTransit.TryGetValue(update.ShipmentId, out var shipment);
        switch (update.Kind)
        {
            case ShipmentEventKind.Arrived:
                if (shipment is not null)
                {
                    state.InTransit.Remove(update.ShipmentId);
                    var hours = (update.ObservedAt - shipment.DepartedAt).TotalHours;
                    if (hours >= 0)
                    {
                        state.ArrivedCount++;
                        state.MeanTransitHours += (hours - state.MeanTransitHours) / state.ArrivedCount;
                    }
                }
                return;
            default:
                if (shipment is null)
                {
                    if (state.InTransit.Count >= MaxShipmentsInTransit) EvictOldest();
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
                return;
        }
    }

    private void EvictOldest()
    {
        var oldest = state.InTransit.MinBy(kv => kv.Value.UpdatedAt).Key;
        state.InTransit.Remove(oldest);
    }

    private static LaneSpec Configured(LaneState state) => state.Configuration?.Spec ?? throw new InvalidOperationException("lane is not configured");
}
