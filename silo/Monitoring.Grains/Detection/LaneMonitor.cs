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
}

/// <summary>The logic of one lane, free of Orleans: shipments in transit, realized transit, declared disruptions.</summary>
public sealed class LaneMonitor
{
    /// <summary>Bound on shipments tracked per lane, so a feed that never reports arrivals cannot grow state without end.</summary>
    public const int MaxShipmentsInTransit = 1_000;

    private readonly LaneState _state;
    private readonly LaneSpec _spec;
    private readonly DisruptionBook _book;

    public LaneMonitor(LaneState state, DetectionOptions options, DateTimeOffset? triggerReceivedAt = null)
    {
        _state = state;
        _spec = state.Configuration?.Spec ?? throw new InvalidOperationException("lane is not configured");
        _book = new DisruptionBook(state.Disruptions, Identity(_spec), options.RecentlyClosedPerSubject, triggerReceivedAt);
    }

    public DisruptionBook Disruptions => _book;

    public static SubjectIdentity Identity(LaneSpec spec) => new(spec.Id, SubjectType.Lane, spec.Name, [spec.Commodity]);

    public int Apply(SubjectBatch batch, DateTimeOffset now)
    {
        var applied = 0;
        foreach (var update in batch.Shipments.OrderBy(s => s.ObservedAt))
        {
            ApplyShipment(update);
            applied++;
        }
        foreach (var report in batch.Reports)
        {
            DeclaredRule.Apply(_book, report, batch.FeedId, [_spec.Commodity], now);
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

    private void ApplyShipment(ShipmentUpdate update)
    {
        Seen(update.ObservedAt);
        _state.InTransit.TryGetValue(update.ShipmentId, out var shipment);
        switch (update.Kind)
        {
            case ShipmentEventKind.Arrived:
                if (shipment is not null)
                {
                    _state.InTransit.Remove(update.ShipmentId);
                    var hours = (update.ObservedAt - shipment.DepartedAt).TotalHours;
                    if (hours >= 0)
                    {
                        _state.ArrivedCount++;
                        _state.MeanTransitHours += (hours - _state.MeanTransitHours) / _state.ArrivedCount;
                    }
                }
                return;
            default:
                if (shipment is null)
                {
                    if (_state.InTransit.Count >= MaxShipmentsInTransit) EvictOldest();
                    shipment = new ShipmentState { DepartedAt = update.ObservedAt };
                    _state.InTransit[update.ShipmentId] = shipment;
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
        var oldest = _state.InTransit.MinBy(kv => kv.Value.UpdatedAt).Key;
        _state.InTransit.Remove(oldest);
    }

    private void Seen(DateTimeOffset observedAt)
    {
        if (_state.LastObservationAt is null || observedAt > _state.LastObservationAt) _state.LastObservationAt = observedAt;
    }
}
