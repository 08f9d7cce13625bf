using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Detection;
using Orleans.Runtime;

namespace Monitoring.Grains.Lanes;

/// <summary>A shipment lane: shipments in transit, realized transit times, declared disruptions.</summary>
public sealed class ShipmentLaneGrain(
    [PersistentState("lane", GrainStorage.Name)] IPersistentState<LaneState> storage,
    TimeProvider time,
    IOptions<DetectionOptions> options,
    ILogger<ShipmentLaneGrain> logger)
    : SubjectGrain<LaneState>(storage, time, options, logger), IShipmentLaneGrain
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

    protected override SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt = null) => new LaneMonitor(State, Options, triggerReceivedAt);
}
