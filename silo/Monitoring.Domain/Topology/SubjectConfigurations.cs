namespace Monitoring.Domain.Topology;

/// <summary>What each node, lane and commodity grain is told about itself when a topology is applied.</summary>
public static class SubjectConfigurations
{
    public static IEnumerable<NodeConfiguration> Nodes(TopologySpec topology, long version)
    {
        var inbound = topology.Lanes.ToLookup(l => l.ToNodeId);
        var outbound = topology.Lanes.ToLookup(l => l.FromNodeId);
        foreach (var node in topology.Nodes)
        {
            var lanes = inbound[node.Id].Concat(outbound[node.Id]).ToList();
            yield return new NodeConfiguration(node,
                inbound[node.Id].Select(l => l.Id).ToList(), outbound[node.Id].Select(l => l.Id).ToList(), version,
                lanes.ToDictionary(l => l.Id, l => new LaneLink(l.Commodity, l.CapacityTonnesPerDay), StringComparer.Ordinal));
        }
    }

    public static IEnumerable<LaneConfiguration> Lanes(TopologySpec topology, long version) =>
        topology.Lanes.Select(lane => new LaneConfiguration(lane, [lane.Commodity], version));

    /// <summary>The nodes, lanes and candidate projects of one commodity (none for a commodity the topology dropped).</summary>
    public static CommoditySlice Slice(TopologySpec topology, CommoditySpec commodity, long version) => new(
        commodity,
        topology.Nodes.Where(n => n.Commodities.Any(c => c.Commodity == commodity.Code)).ToList(),
        topology.Lanes.Where(l => l.Commodity == commodity.Code).ToList(),
        (topology.Candidates ?? []).Where(c => c.Commodity == commodity.Code).ToList(),
        version);
}
