namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// LANE_DELAY (docs/detection.md): transit against the lane's baseline — the longest a shipment has been in
/// transit, a delayed shipment's new ETA, or the moving average of realized transits. Opens above
/// 1.25 × baseline (CRITICAL above 2.0), clears back under 1.10.
/// </summary>
public static class LaneDelayRule
{
    public const string RuleKey = "lane-delay";
    public const string Quantity = "transit/baseline";

    public static RuleOutcome Evaluate(
        DisruptionBook book,
        RuleThresholds thresholds,
        string commodity,
        double ratio,
        string what,
        DateTimeOffset observedAt,
        DateTimeOffset now) =>
        BandRule.Evaluate(
            new BandRuleContext(book, RuleKey, DisruptionKind.LaneDelay, thresholds.LaneDelay, [commodity], Quantity, thresholds.MinimumOpenTime, EstimatedTimeToRecover: null),
            ratio,
            r => BandRule.Format($"transit at {r:0.##} × baseline"),
            what,
            observedAt,
            now);
}
