namespace Monitoring.Contracts;

/// <summary>What a node grain is told about itself by the topology: its spec, its lanes and what they carry.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeConfiguration")]
public sealed record NodeConfiguration(
    NodeSpec Spec,
    IReadOnlyList<string> InboundLaneIds,
    IReadOnlyList<string> OutboundLaneIds,
    long TopologyVersion,
    IReadOnlyDictionary<string, LaneLink>? Lanes = null)
{
    /// <summary>What a lane of this node carries (the node's first commodity when unknown).</summary>
    public LaneLink LinkOf(string laneId) =>
        Lanes is not null && Lanes.TryGetValue(laneId, out var link) ? link : new LaneLink(Spec.PrimaryCommodity, 0);
}
