using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Subjects;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Subjects;

/// <summary>A shipment lane: shipments in transit, blockages and declared closures (<see cref="LaneEngine"/>).</summary>
// Spread over the silos at random: Orleans' default (resource-optimised, preferring the caller's silo) put every
// subject on the silo of the topology grain that configured them all at once (docs/benchmarks.md, several silos).
[Orleans.Placement.RandomPlacement]
public sealed class ShipmentLaneGrain(
    [PersistentState("lane", GrainStorage.Name)] IPersistentState<LaneState> storage,
    IGrainFactory grains,
    CheckpointClock checkpoint,
    IOptions<DetectionOptions> options,
    IOptions<ReminderOptions> reminders,
    TimeProvider time,
    ILogger<ShipmentLaneGrain> logger)
    : SubjectGrain<LaneState, LaneEngine>(storage, grains, checkpoint, time, logger), IShipmentLaneGrain
{
    public Task Configure(LaneConfiguration configuration) =>
        ConfigureAsync(engine => engine.Configure(configuration), reminders.Value.MinimumReminderPeriod);

    public Task OnEndpointChanged(string nodeId, ImpairmentSignal signal) => ReceiveSignalAsync(nodeId, signal);

    public Task<LaneSnapshot> GetSnapshot()
    {
        if (!Engine.IsConfigured) DeactivateOnIdle();
        return Task.FromResult(Engine.Snapshot());
    }

    protected override LaneEngine CreateEngine(LaneState state) => new(this.GetPrimaryKeyString(), state, options.Value, Time);

    protected override void ReportConditions()
    {
        if (Engine.ConditionToReport() is { } condition)
            _ = GrainFactory.GetGrain<ICommodityGrain>(Engine.Commodities[0]).OnLaneChanged(condition);
    }
}
