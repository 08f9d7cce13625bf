using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Topology;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Topology;

/// <summary>The registry of the supply network. Applying a topology configures every node and lane grain.</summary>
public sealed class TopologyGrain(
    [PersistentState("topology", GrainStorage.Name)] IPersistentState<TopologyState> storage,
    IOptions<DetectionOptions> detection,
    TimeProvider time)
    : Grain, ITopologyGrain
{
    /// <summary>Grain calls in flight while configuring subjects.</summary>
    private const int ConfigureConcurrency = 256;

    /// <summary>What readers see: the last topology whose application completed.</summary>
    private (TopologyView View, SubjectRegistry Registry) _inForce = (new TopologyView(0, null), SubjectRegistry.Empty);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _inForce = InForce(storage.State.Version, storage.State.Topology);
        return Task.CompletedTask;
    }

    public async Task<TopologyApplyResult> Apply(TopologySpec topology)
    {
        var issues = TopologyValidator.Validate(topology, detection.Value);
        if (issues.Count > 0) throw new TopologyValidationException(issues.Select(i => i.Format()).ToList(), issues.Select(i => i.Path).ToList());
        topology = LaneNames.Complete(topology);

        var previous = storage.State.Topology;
        var previousIds = previous is null ? new HashSet<string>() : SubjectIds(previous).ToHashSet(StringComparer.Ordinal);
        var currentIds = SubjectIds(topology).ToHashSet(StringComparer.Ordinal);
        var version = storage.State.Version + 1;

        // Store the desired topology first: if configuring fails half-way, applying again finishes it.
        storage.State.Version = version;
        storage.State.Topology = topology;
        await storage.WriteStateAsync();

        var work = new List<Func<Task>>();
        // Lanes first: a disrupted node tells its lanes as soon as it is configured.
        foreach (var configuration in SubjectConfigurations.Lanes(topology, version))
        {
            work.Add(() => GrainFactory.GetGrain<IShipmentLaneGrain>(configuration.Spec.Id).Configure(configuration));
        }
        foreach (var configuration in SubjectConfigurations.Nodes(topology, version))
        {
            work.Add(() => GrainFactory.GetGrain<ISupplyNodeGrain>(configuration.Spec.Id).Configure(configuration));
        }
        if (previous is not null)
        {
            foreach (var node in previous.Nodes.Where(n => !currentIds.Contains(n.Id)))
                work.Add(() => GrainFactory.GetGrain<ISupplyNodeGrain>(node.Id).Decommission(version));
            foreach (var lane in previous.Lanes.Where(l => !currentIds.Contains(l.Id)))
                work.Add(() => GrainFactory.GetGrain<IShipmentLaneGrain>(lane.Id).Decommission(version));
        }
        foreach (var chunk in work.Chunk(ConfigureConcurrency))
        {
            await Task.WhenAll(chunk.Select(w => w()));
        }

        // Commodities last: their slices name nodes and lanes that are configured by now.
        var removedCommodities = previous?.Commodities.Where(c => topology.Commodities.All(n => n.Code != c.Code)) ?? [];
        await Task.WhenAll(topology.Commodities.Concat(removedCommodities).Select(commodity =>
            GrainFactory.GetGrain<ICommodityGrain>(commodity.Code).Configure(SubjectConfigurations.Slice(topology, commodity, version))));

        _inForce = InForce(version, topology);
        await GrainFactory.GetGrain<IEventNotifierGrain>(0)
            .Publish(new MonitoringEvent(MonitoringEventType.TopologyChanged, time.GetUtcNow(), null, version, null));

        var added = currentIds.Count(id => !previousIds.Contains(id));
        return new TopologyApplyResult(
            version, topology.Nodes.Count, topology.Lanes.Count, topology.Commodities.Count,
            Added: added, Updated: currentIds.Count - added, Removed: previousIds.Count(id => !currentIds.Contains(id)));
    }

    public Task<TopologyView> Get() => Task.FromResult(_inForce.View);

    public Task<SubjectRegistry> GetRegistry() => Task.FromResult(_inForce.Registry);

    public Task<long> GetVersion() => Task.FromResult(_inForce.View.Version);

    private static (TopologyView, SubjectRegistry) InForce(long version, TopologySpec? topology) =>
        (new TopologyView(version, topology), SubjectRegistry.For(topology, version));

    private static IEnumerable<string> SubjectIds(TopologySpec topology) =>
        topology.Nodes.Select(n => n.Id).Concat(topology.Lanes.Select(l => l.Id));
}
