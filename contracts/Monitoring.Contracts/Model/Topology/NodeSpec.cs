namespace Monitoring.Contracts;

/// <summary>
/// A mine, refinery, port, plant, recycler or consumer. <see cref="Thresholds"/> overrides detection thresholds for this
/// node; <see cref="Control"/> says which countries' owners hold it (empty: its own country's).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeSpec")]
public sealed record NodeSpec(
    string Id,
    string Name,
    NodeKind Kind,
    string Country,
    double Latitude,
    double Longitude,
    string Operator,
    IReadOnlyList<NodeCommoditySpec> Commodities,
    double InventoryCapacityTonnes,
    double RecoveryDays,
    int ReportIntervalSeconds,
    string Owner,
    double ExpectedUtilization,
    IReadOnlyDictionary<string, double>? Thresholds = null,
    IReadOnlyList<ControlShare>? Control = null)
{
    /// <summary>The node's first commodity: what a measurement without a commodity refers to.</summary>
    public string PrimaryCommodity => Commodities.Count > 0 ? Commodities[0].Commodity : "";

    /// <summary>Logistics nodes (ports, warehouses) report handled volume rather than output.</summary>
    public bool IsLogistics => Commodities.Count > 0 && Commodities.All(c => c.Stage == Stage.Logistics);

    /// <summary>The commodities of this node that are by-products of <paramref name="primary"/>.</summary>
    public IEnumerable<string> ByproductsOf(string primary) =>
        Commodities.Where(c => string.Equals(c.ByproductOf, primary, StringComparison.Ordinal)).Select(c => c.Commodity);

    /// <summary>Tonnes of a by-product per tonne of its primary's output (null when it is not a by-product).</summary>
    public double? ByproductRatio(string commodity)
    {
        var role = Commodities.FirstOrDefault(c => c.Commodity == commodity);
        if (role?.ByproductOf is not { } primary) return null;
        if (role.ByproductRatio > 0) return role.ByproductRatio;
        var primaryCapacity = Commodities.FirstOrDefault(c => c.Commodity == primary)?.CapacityTonnesPerDay ?? 0;
        return primaryCapacity > 0 ? role.CapacityTonnesPerDay / primaryCapacity : 0;
    }

    public NodeCommoditySpec? CommodityOrPrimary(string? commodity) =>
        string.IsNullOrEmpty(commodity)
            ? (Commodities.Count > 0 ? Commodities[0] : null)
            : Commodities.FirstOrDefault(c => c.Commodity == commodity);
}
