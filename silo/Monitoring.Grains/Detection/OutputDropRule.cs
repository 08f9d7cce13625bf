using System.Globalization;

namespace Monitoring.Grains.Detection;

/// <summary>Streaks of readings below the fire threshold and above the clear threshold, per commodity.</summary>
[GenerateSerializer, Alias("monitoring.OutputDropState")]
public sealed class OutputDropState
{
    [Id(0)] public int LowStreak { get; set; }
    [Id(1)] public int HighStreak { get; set; }
}

/// <summary>
/// OUTPUT_DROP (DESIGN §6): the moving average of output (handled volume for ports and warehouses)
/// against the baseline capacity × expected utilization. Fires after N consecutive readings below
/// the fire ratio, clears after N consecutive readings above the clear ratio (hysteresis).
/// </summary>
public static class OutputDropRule
{
    public const string Quantity = "ewma(output)/baseline";

    public static string RuleKey(string commodity) => $"output-drop/{commodity}";

    /// <summary>The metric a node's output is measured by.</summary>
    public static Metric OutputMetric(NodeSpec spec) => spec.IsLogistics ? Metric.HandledTpd : Metric.OutputTpd;

    /// <summary>Expected output in tonnes per day, or null when the node has no capacity to compare with.</summary>
    public static double? Baseline(NodeSpec spec, NodeCommoditySpec commodity)
    {
        var capacity = spec.IsLogistics ? spec.Commodities.Sum(c => c.CapacityTonnesPerDay) : commodity.CapacityTonnesPerDay;
        var baseline = capacity * spec.ExpectedUtilization;
        return baseline > 0 ? baseline : null;
    }

    /// <param name="commodity">The commodity whose output this is (the rule key).</param>
    /// <param name="affected">Commodities the disruption touches: the one produced, or everything a port handles.</param>
    /// <param name="what">How operators call the quantity: "cu output", "handled volume".</param>
    public static void Evaluate(
        DisruptionBook book,
        OutputDropState state,
        OutputDropOptions options,
        string commodity,
        IReadOnlyList<string> affected,
        string what,
        double ewma,
        double baseline,
        DateTimeOffset observedAt,
        DateTimeOffset now)
    {
        var ratio = ewma / baseline;
        var key = RuleKey(commodity);
        var open = book.FindActive(key);
        if (open is null)
        {
            state.HighStreak = 0;
            state.LowStreak = ratio < options.FireBelowRatio ? state.LowStreak + 1 : 0;
            if (state.LowStreak < options.ConsecutiveReadings) return;

            state.LowStreak = 0;
            var severity = ratio < options.CriticalBelowRatio ? Severity.Critical : Severity.Warning;
            var threshold = severity == Severity.Critical ? options.CriticalBelowRatio : options.FireBelowRatio;
            book.Open(
                key, DisruptionKind.OutputDrop, severity, affected,
                Summary(what, ratio),
                new DisruptionEvidence(EvidencePhases.Opened, observedAt, Quantity, ratio, threshold,
                    string.Create(CultureInfo.InvariantCulture, $"{options.ConsecutiveReadings} consecutive readings below {options.FireBelowRatio:0.##}; ewma {ewma:0.#} t/d vs baseline {baseline:0.#} t/d")),
                now, DisruptionBook.SystemActor, $"{what} at {Percent(ratio)} of baseline");
            return;
        }

        state.LowStreak = 0;
        state.HighStreak = ratio > options.ClearAboveRatio ? state.HighStreak + 1 : 0;
        if (state.HighStreak >= options.ConsecutiveReadings)
        {
            state.HighStreak = 0;
            book.Clear(key,
                new DisruptionEvidence(EvidencePhases.Cleared, observedAt, Quantity, ratio, options.ClearAboveRatio,
                    string.Create(CultureInfo.InvariantCulture, $"{options.ConsecutiveReadings} consecutive readings above {options.ClearAboveRatio:0.##}")),
                now, DisruptionBook.SystemActor, $"{what} back at {Percent(ratio)} of baseline");
            return;
        }

        // Escalate at once; de-escalate only half-way back to the fire ratio, so severity does not flap.
        var deescalateAbove = (options.CriticalBelowRatio + options.FireBelowRatio) / 2;
        if (open.Severity == Severity.Warning && ratio < options.CriticalBelowRatio)
        {
            book.Update(key, Severity.Critical, Summary(what, ratio),
                new DisruptionEvidence(EvidencePhases.Escalated, observedAt, Quantity, ratio, options.CriticalBelowRatio, "below the critical ratio"),
                now, DisruptionBook.SystemActor, $"{what} at {Percent(ratio)} of baseline");
        }
        else if (open.Severity == Severity.Critical && ratio >= deescalateAbove)
        {
            book.Update(key, Severity.Warning, Summary(what, ratio),
                new DisruptionEvidence(EvidencePhases.Deescalated, observedAt, Quantity, ratio, deescalateAbove, "recovering above the de-escalation ratio"),
                now, DisruptionBook.SystemActor, $"{what} recovering at {Percent(ratio)} of baseline");
        }
    }

    private static string Summary(string what, double ratio) => $"{what} at {Percent(ratio)} of baseline";

    /// <summary>"12 %", whatever the culture of the host.</summary>
    private static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}
