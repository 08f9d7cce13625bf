using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Detection;
using Orleans.Runtime;

namespace Monitoring.Grains.Lanes;

/// <summary>A shipment lane: shipments in transit, realized transit times, declared disruptions.</summary>
public sealed class ShipmentLaneGrain(
    [PersistentState("lane", GrainStorage.Name)] IPersistentState<LaneState> storage,
    TimeProvider time,
    IOptions<DetectionOptions> options)
    : SubjectGrain<LaneState>(storage, time, options), IShipmentLaneGrain
{
    protected override bool IsConfigured => State.Configuration is not null;

    protected override SubjectType SubjectType => SubjectType.Lane;

    public async Task Configure(LaneConfiguration configuration)
    {
        State.Configuration = configuration;
        await WriteAsync();
    }

    public Task Decommission(long topologyVersion) => RetireAsync();

    public Task<ApplyResult> Apply(SubjectBatch batch) => ApplyBatch(batch);

    public Task<LaneSnapshot> GetSnapshot()
    {
        if (State.Configuration is not { } configuration)
        {
            DeactivateOnIdle();
            return Task.FromResult(new LaneSnapshot(null, OperationalStatus.Unknown, [], [], null, 0, null));
        }
        var monitor = new LaneMonitor(State, Options);
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

    protected override (DisruptionBook, DateTimeOffset?) ApplyAccepted(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected, DateTimeOffset now)
    {
        var monitor = new LaneMonitor(State, Options, batch.ReceivedAt);
        monitor.Apply(batch, now);
        return (monitor.Disruptions, monitor.Tick(now));
    }

    protected override (DisruptionBook, DateTimeOffset?) Tick(DateTimeOffset now)
    {
        var monitor = new LaneMonitor(State, Options);
        return (monitor.Disruptions, monitor.Tick(now));
    }

    protected override DisruptionBook Retire(DateTimeOffset now)
    {
        var monitor = new LaneMonitor(State, Options);
        monitor.Retire(now);
        return monitor.Disruptions;
    }
}
