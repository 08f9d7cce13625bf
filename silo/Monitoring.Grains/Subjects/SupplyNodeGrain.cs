using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Subjects;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Subjects;

/// <summary>A supply node: applies its observations and runs detection in the same turn (<see cref="NodeEngine"/>).</summary>
// Spread over the silos at random: Orleans' default (resource-optimised, preferring the caller's silo) put every
// subject on the silo of the topology grain that configured them all at once (docs/benchmarks.md, several silos).
[Orleans.Placement.RandomPlacement]
public sealed class SupplyNodeGrain(
    [PersistentState("node", GrainStorage.Name)] IPersistentState<NodeState> storage,
    IGrainFactory grains,
    CheckpointClock checkpoint,
    IOptions<DetectionOptions> options,
    IOptions<ReminderOptions> reminders,
    TimeProvider time,
    ILogger<SupplyNodeGrain> logger)
    : SubjectGrain<NodeState, NodeEngine>(storage, grains, checkpoint, time, logger), ISupplyNodeGrain
{
    public Task Configure(NodeConfiguration configuration) =>
        ConfigureAsync(engine => engine.Configure(configuration), reminders.Value.MinimumReminderPeriod);

    public Task OnUpstreamChanged(string laneId, ImpairmentSignal signal) => ReceiveSignalAsync(laneId, signal);

    public Task<NodeSnapshot> GetSnapshot()
    {
        if (!Engine.IsConfigured) DeactivateOnIdle();
        return Task.FromResult(Engine.Snapshot());
    }

    protected override NodeEngine CreateEngine(NodeState state) => new(this.GetPrimaryKeyString(), state, options.Value, Time);

    /// <summary>One-way: the node never waits on its commodities, and a lost message is made good by the next change or refresh.</summary>
    protected override void ReportConditions()
    {
        foreach (var (commodity, condition) in Engine.ConditionsToReport())
            _ = GrainFactory.GetGrain<ICommodityGrain>(commodity).OnNodeChanged(condition);
    }
}
