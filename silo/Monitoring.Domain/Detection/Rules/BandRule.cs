using System.Globalization;

namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// The shared life of a threshold rule: open when the value is beyond the fire threshold (CRITICAL
/// beyond the critical one), escalate at once, de-escalate half-way back, and clear only once the
/// value is back past the clear threshold and the disruption has been open the minimum time.
/// </summary>
public static class BandRule
{
    public static RuleOutcome Evaluate(
        BandRuleContext c,
        double value,
        Func<double, string> summary,
        string note,
        DateTimeOffset observedAt,
        DateTimeOffset now,
        bool openConfirmed = true,
        bool clearConfirmed = true)
    {
        var open = c.Book.FindActive(c.RuleKey);
        if (open is null)
        {
            if (!openConfirmed || c.Band.Opening(value) is not { } severity) return RuleOutcome.None;
            c.Book.Open(c.RuleKey, c.Kind, severity, c.Commodities, summary(value),
                new DisruptionEvidence(EvidencePhases.Opened, observedAt, c.Quantity, value, c.Band.ThresholdFor(severity), note),
                now, DisruptionBook.SystemActor, summary(value), estimatedTimeToRecover: c.EstimatedTimeToRecover);
            return RuleOutcome.Opened;
        }

        if (c.Band.Recovered(value) && clearConfirmed)
        {
            if (c.Book.OpenLongEnough(open, now, c.MinimumOpenTime))
            {
                c.Book.Clear(c.RuleKey, new DisruptionEvidence(EvidencePhases.Cleared, observedAt, c.Quantity, value, c.Band.Clear, note),
                    now, DisruptionBook.SystemActor, "recovered: " + summary(value));
                return RuleOutcome.Cleared;
            }
            // Held open for the minimum time, but no longer at the severity it no longer has.
            if (open.Severity == Severity.Critical) Deescalate(c, open, value, summary, note, observedAt, now);
            return RuleOutcome.HeldOpen;
        }

        var adjusted = c.Band.Adjusted(open.Severity, value);
        if (adjusted == open.Severity) return RuleOutcome.None;
        var escalated = adjusted > open.Severity;
        var threshold = escalated ? c.Band.Critical : (c.Band.Fire + c.Band.Critical) / 2;
        c.Book.Update(c.RuleKey, adjusted, summary(value),
            new DisruptionEvidence(escalated ? EvidencePhases.Escalated : EvidencePhases.Deescalated, observedAt, c.Quantity, value, threshold, note),
            now, DisruptionBook.SystemActor, summary(value), estimatedTimeToRecover: c.EstimatedTimeToRecover);
        return escalated ? RuleOutcome.Escalated : RuleOutcome.Deescalated;
    }

    private static void Deescalate(BandRuleContext c, Disruption open, double value, Func<double, string> summary, string note, DateTimeOffset observedAt, DateTimeOffset now) =>
        c.Book.Update(c.RuleKey, Severity.Warning, summary(value),
            new DisruptionEvidence(EvidencePhases.Deescalated, observedAt, c.Quantity, value, (c.Band.Fire + c.Band.Critical) / 2, note),
            now, DisruptionBook.SystemActor, summary(value), estimatedTimeToRecover: c.EstimatedTimeToRecover);

    /// <summary>Numbers in messages look the same whatever the host's culture.</summary>
    public static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"12 %".</summary>
    public static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}
