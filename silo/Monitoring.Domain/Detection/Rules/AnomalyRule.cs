namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// ANOMALY (docs/detection.md): a two-sided CUSUM on a rate metric against its slow moving mean and
/// standard deviation σ: with slack k = 0.5σ it opens (INFO) when either sum exceeds h = 5σ and
/// clears when both are back under h/2. Each sum is capped at 2h so that a long excursion does not
/// take forever to clear. A series is learnt for a number of readings before it is checked, and σ
/// is at least 1 % of the mean so a perfectly flat series does not flag every wiggle.
/// </summary>
public static class AnomalyRule
{
    public const string Quantity = "cusum/σ";

    /// <remarks>Interned per series key (a handful per node kind): asked for on every reading.</remarks>
    public static string RuleKey(string seriesKey) =>
        RuleKeys.GetOrAdd(seriesKey, static k => $"anomaly/{k}");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> RuleKeys = new(StringComparer.Ordinal);

    /// <summary>Flows are checked; inventories (levels that trend) are not.</summary>
    public static bool Applies(Metric metric) => metric != Metric.InventoryT;

    public static RuleOutcome Evaluate(
        DisruptionBook book,
        MetricSeriesState series,
        RuleThresholds thresholds,
        double referenceAlpha,
        string seriesKey,
        string label,
        IReadOnlyList<string> commodities,
        double value,
        DateTimeOffset observedAt,
        DateTimeOffset now)
    {
        var outcome = RuleOutcome.None;
        if (series.ReferenceCount >= thresholds.AnomalyWarmUp)
        {
            var sigma = Math.Max(Math.Sqrt(series.ReferenceVariance), Math.Max(0.01 * Math.Abs(series.ReferenceMean), 1e-9));
            var slack = thresholds.AnomalySlack * sigma;
            var cap = 2 * thresholds.AnomalyDecision * sigma;
            series.CusumHigh = Math.Min(cap, Math.Max(0, series.CusumHigh + value - series.ReferenceMean - slack));
            series.CusumLow = Math.Min(cap, Math.Max(0, series.CusumLow + series.ReferenceMean - value - slack));
            var statistic = Math.Max(series.CusumHigh, series.CusumLow) / sigma;
            var direction = series.CusumHigh >= series.CusumLow ? "above" : "below";
            var key = RuleKey(seriesKey);
            var open = book.FindActive(key);
            // Formatted only when something opens or clears (this runs for every reading).
            string Note() => BandRule.Format($"{label} {value:0.##} vs mean {series.ReferenceMean:0.##} (σ {sigma:0.##})");
            if (open is null && statistic > thresholds.AnomalyDecision)
            {
                var summary = $"{label} unusually {(direction == "above" ? "high" : "low")}";
                book.Open(key, DisruptionKind.Anomaly, Severity.Info, commodities, summary,
                    new DisruptionEvidence(EvidencePhases.Opened, observedAt, Quantity, statistic, thresholds.AnomalyDecision, Note()),
                    now, DisruptionBook.SystemActor, BandRule.Format($"CUSUM {statistic:0.#}σ {direction} the mean"));
                outcome = RuleOutcome.Opened;
            }
            else if (open is not null && statistic < thresholds.AnomalyDecision / 2)
            {
                if (book.OpenLongEnough(open, now, thresholds.MinimumOpenTime))
                {
                    book.Clear(key, new DisruptionEvidence(EvidencePhases.Cleared, observedAt, Quantity, statistic, thresholds.AnomalyDecision / 2, Note()),
                        now, DisruptionBook.SystemActor, $"{label} back in its usual range");
                    outcome = RuleOutcome.Cleared;
                }
                else
                {
                    outcome = RuleOutcome.HeldOpen;
                }
            }
        }

        // Learn the reference after testing against it (exponentially weighted mean and variance).
        if (series.ReferenceCount == 0)
        {
            series.ReferenceMean = value;
        }
        else
        {
            var delta = value - series.ReferenceMean;
            series.ReferenceMean += referenceAlpha * delta;
            series.ReferenceVariance = (1 - referenceAlpha) * (series.ReferenceVariance + referenceAlpha * delta * delta);
        }
        series.ReferenceCount++;
        return outcome;
    }

    /// <summary>Clears an anomaly whose sums are back under h/2 once the minimum open time has passed (no new reading).</summary>
    public static void Recheck(DisruptionBook book, MetricSeriesState series, RuleThresholds thresholds, string seriesKey, DateTimeOffset now)
    {
        var key = RuleKey(seriesKey);
        if (book.FindActive(key) is not { } open || !book.OpenLongEnough(open, now, thresholds.MinimumOpenTime)) return;
        var sigma = Math.Max(Math.Sqrt(series.ReferenceVariance), Math.Max(0.01 * Math.Abs(series.ReferenceMean), 1e-9));
        var statistic = Math.Max(series.CusumHigh, series.CusumLow) / sigma;
        if (statistic >= thresholds.AnomalyDecision / 2) return;
        book.Clear(key, new DisruptionEvidence(EvidencePhases.Cleared, now, Quantity, statistic, thresholds.AnomalyDecision / 2, "back in its usual range"),
            now, DisruptionBook.SystemActor, "back in its usual range");
    }
}
