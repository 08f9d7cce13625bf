namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.CommodityIndicators")]
public sealed record CommodityIndicators(
    string Commodity,
    DateTimeOffset ComputedAt,
    ResilienceScore Score,
    IReadOnlyList<StageIndicators> Stages,
    double RecycledShare,
    IReadOnlyList<NodeExposure> Nodes,
    IReadOnlyList<Gap> Gaps,
    long TopologyVersion,
    IReadOnlyList<ScorePoint>? Trend = null,
    string PartnerSet = "",
    IReadOnlyList<string>? PartnerCountries = null);
