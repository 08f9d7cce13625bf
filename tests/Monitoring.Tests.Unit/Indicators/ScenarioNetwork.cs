using Monitoring.Contracts;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>
/// The demo scenario's network of one commodity at the documented start state: every node operational, nothing
/// reported yet (storage at the default fill), sliced as the commodity grain slices it.
/// </summary>
internal static class ScenarioNetwork
{
    public static TopologySpec Topology { get; } = TopologyYaml.LoadFile(RepoPaths.ChileUsScenario).Topology!;

    /// <param name="added">Nodes put into the scenario first (a candidate recycler, say).</param>
    public static SupplyNetwork Of(string commodity, params NodeSpec[] added)
    {
        var topology = Topology with { Nodes = [.. Topology.Nodes, .. added] };
        var slice = SubjectConfigurations.Slice(topology, topology.Commodities.Single(c => c.Code == commodity), 1);
        return SupplyNetwork.Build(slice, new Dictionary<string, NodeCondition>(), new Dictionary<string, LaneCondition>(), new IndicatorOptions());
    }
}
