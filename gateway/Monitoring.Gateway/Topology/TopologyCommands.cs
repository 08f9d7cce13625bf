using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Gateway.Topology;

/// <summary>Applies a topology and brings this gateway's registry up to date at once.</summary>
public sealed class TopologyCommands(IGrainFactory grains, SubjectRegistryCache registry)
{
    /// <exception cref="TopologyValidationException">The topology is invalid; nothing changed.</exception>
    public async Task<TopologyApplyResult> ApplyAsync(TopologySpec topology)
    {
        var result = await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Apply(topology);
        await registry.RefreshAsync(force: true);
        return result;
    }

    public Task<TopologyView> GetAsync() => grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get();
}
