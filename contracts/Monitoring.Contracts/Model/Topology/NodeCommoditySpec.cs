namespace Monitoring.Contracts;

/// <summary>
/// What a node does for one commodity. <see cref="ByproductOf"/> names another commodity of the same node this one
/// is a by-product of (Chilean molybdenum of copper ore): its output follows the primary's, <see cref="ByproductRatio"/>
/// tonnes per tonne of it (0: capacity over the primary's capacity), and an outage or output drop of the primary
/// is one of the by-product too.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeCommoditySpec")]
public sealed record NodeCommoditySpec(
    string Commodity,
    Stage Stage,
    double CapacityTonnesPerDay,
    double DemandTonnesPerDay,
    string? ByproductOf = null,
    double ByproductRatio = 0);
