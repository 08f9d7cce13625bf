namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// INVENTORY_LOW (docs/detection.md): days of cover = inventory / consumption, for nodes that consume
/// (a reported consumption rate, or demand in the topology). Opens below 7 days (CRITICAL below 3),
/// clears above 10.
/// </summary>
public static class InventoryLowRule
{
    public const string Quantity = "days of cover";

    public static string RuleKey(string commodity) => $"inventory-low/{commodity}";

    public static RuleOutcome Evaluate(
        DisruptionBook book,
        RuleThresholds thresholds,
        string commodity,
        double inventoryTonnes,
        double consumptionTonnesPerDay,
        DateTimeOffset observedAt,
        DateTimeOffset now)
    {
        var cover = inventoryTonnes / consumptionTonnesPerDay;
        return BandRule.Evaluate(
            new BandRuleContext(book, RuleKey(commodity), DisruptionKind.InventoryLow, thresholds.InventoryLow, [commodity], Quantity,
                thresholds.MinimumOpenTime, EstimatedTimeToRecover: null),
            cover,
            c => BandRule.Format($"{commodity} inventory covers {c:0.#} days"),
            BandRule.Format($"inventory {inventoryTonnes:0.#} t / consumption {consumptionTonnesPerDay:0.#} t/d"),
            observedAt,
            now);
    }
}
