namespace Monitoring.Contracts;

/// <summary>A whole topology document.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.TopologySpec")]
public sealed record TopologySpec(
    string Name,
    string Description,
    IReadOnlyList<CommoditySpec> Commodities,
    IReadOnlyList<NodeSpec> Nodes,
    IReadOnlyList<LaneSpec> Lanes,
    IReadOnlyList<CandidateProject>? Candidates = null);
