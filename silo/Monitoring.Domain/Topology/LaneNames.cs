namespace Monitoring.Domain.Topology;

/// <summary>
/// Every lane has a name people read: one the topology leaves out is "Origin → Destination", from its nodes'
/// names. Disruptions, incidents, gaps and stress tests name lanes by it, so no list shows an id pair.
/// </summary>
public static class LaneNames
{
    public static TopologySpec Complete(TopologySpec topology)
    {
        if (topology.Lanes.All(l => !string.IsNullOrWhiteSpace(l.Name))) return topology;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in topology.Nodes) names.TryAdd(node.Id, string.IsNullOrWhiteSpace(node.Name) ? node.Id : node.Name);
        return topology with
        {
            Lanes = topology.Lanes.Select(l => string.IsNullOrWhiteSpace(l.Name) ? l with { Name = Of(l, names) } : l).ToList(),
        };
    }

    private static string Of(LaneSpec lane, IReadOnlyDictionary<string, string> names) =>
        $"{names.GetValueOrDefault(lane.FromNodeId, lane.FromNodeId)} → {names.GetValueOrDefault(lane.ToNodeId, lane.ToNodeId)}";
}
