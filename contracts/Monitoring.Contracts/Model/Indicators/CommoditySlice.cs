namespace Monitoring.Contracts;

/// <summary>The part of the topology one commodity grain watches.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.CommoditySlice")]
public sealed record CommoditySlice(
    CommoditySpec Commodity,
    IReadOnlyList<NodeSpec> Nodes,
    IReadOnlyList<LaneSpec> Lanes,
    IReadOnlyList<CandidateProject> Candidates,
    long TopologyVersion);
