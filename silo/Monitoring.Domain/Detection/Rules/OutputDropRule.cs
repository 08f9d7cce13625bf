namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// OUTPUT_DROP (docs/detection.md): the moving average of output (handled volume for ports and warehouses)
/// against the baseline capacity × expected utilization. Opens after N consecutive readings below
/// the fire ratio, clears after N consecutive readings above the clear ratio (hysteresis) once the
/// minimum open time has passed.
/// </summary>
public static class OutputDropRule
{
    public const string Quantity = "ewma(output)/baseline";

    public static string RuleKey(string commodity) => $"output-drop/{commodity}";

    /// <summary>The metric a node's output is measured by.</summary>
    public static Metric OutputMetric(NodeSpec spec) => spec.IsLogistics ? Metric.HandledTpd : Metric.OutputTpd;

    /// <summary>
    /// Expected output in tonnes per day, or null when the node has no capacity to compare with. A port
    /// or warehouse reporting one total handled volume is compared with all it handles; a reading that
    /// names a commodity with that commodity's capacity.
    /// </summary>
    public static double? Baseline(NodeSpec spec, NodeCommoditySpec commodity, bool perCommodity)
    {
        var capacity = spec.IsLogistics && !perCommodity ? spec.Commodities.Sum(c => c.CapacityTonnesPerDay) : commodity.CapacityTonnesPerDay;
        var baseline = capacity * spec.ExpectedUtilization;
        return baseline > 0 ? baseline : null;
    }

    /// <param name="commodity">The commodity whose output this is (the rule key).</param>
    /// <param name="affected">Commodities the disruption touches: the one produced, or everything a port handles.</param>
    /// <param name="what">How operators call the quantity: "cu output", "handled volume".</param>
    public static RuleOutcome Evaluate(
        DisruptionBook book,
        OutputDropState state,
        RuleThresholds thresholds,
        string commodity,
        IReadOnlyList<string> affected,
        string what,
        double ewma,
        double baseline,
        TimeSpan estimatedTimeToRecover,
        DateTimeOffset observedAt,
        DateTimeOffset now,
        bool newReading = true)
    {
        var ratio = ewma / baseline;
        var band = thresholds.OutputDrop;
        var key = RuleKey(commodity);
        var isOpen = book.FindActive(key) is not null;
        if (newReading)
        {
            state.LowStreak = !isOpen && band.Beyond(ratio, band.Fire) ? state.LowStreak + 1 : 0;
            state.HighStreak = isOpen && band.Recovered(ratio) ? state.HighStreak + 1 : 0;
        }
        var needed = thresholds.OutputDropReadingsNeeded;

        var outcome = BandRule.Evaluate(
            new BandRuleContext(book, key, DisruptionKind.OutputDrop, band, affected, Quantity, thresholds.MinimumOpenTime, estimatedTimeToRecover),
            ratio,
            r => $"{what} at {BandRule.Percent(r)} of baseline",
            BandRule.Format($"ewma {ewma:0.#} t/d vs baseline {baseline:0.#} t/d ({needed} consecutive readings needed)"),
            observedAt,
            now,
            openConfirmed: state.LowStreak >= needed,
            clearConfirmed: state.HighStreak >= needed);
        if (outcome == RuleOutcome.Opened) state.LowStreak = 0;
        if (outcome == RuleOutcome.Cleared) state.HighStreak = 0;
        return outcome;
    }
}
