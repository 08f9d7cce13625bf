namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// UPSTREAM_EXPOSURE (docs/detection.md), by propagation: an inbound lane is DISRUPTED (blocked, or badly
/// delayed). Its severity compares the node's days of cover for the lane's commodity with the days the root
/// cause is still expected to last: CRITICAL below <see cref="RuleThresholds.ExposureCriticalBelowRatio"/> (1:
/// time to survive shorter than time to recover), WARNING below <see cref="RuleThresholds.ExposureWarningBelowRatio"/>
/// (2), INFO above it — the stock comfortably outlasts the outage. Easing needs 10 % more room than worsening,
/// so inventory noise near a threshold does not flap. Unknown cover (no inventory reported), or a cause past its
/// expected end, is WARNING. Clears when the lane recovers.
/// </summary>
public static class UpstreamExposureRule
{
    public const string Quantity = "days of cover";

    /// <summary>Easing (CRITICAL → WARNING → INFO) needs the ratio this much past the threshold.</summary>
    private const double EaseMargin = 1.1;

    /// <summary>A new evidence line needs cover or the remaining time to move by this share (and by a day at least).</summary>
    public const double MaterialChange = 0.10;

    public static string RuleKey(string laneId) => $"upstream/{laneId}";

    public static bool IsRuleKey(string key, out string laneId)
    {
        laneId = key.StartsWith("upstream/", StringComparison.Ordinal) ? key["upstream/".Length..] : "";
        return laneId.Length > 0;
    }

    /// <param name="coverDays">Days the node survives on its inventory of the lane's commodity, if known.</param>
    public static void Evaluate(DisruptionBook book, RuleThresholds thresholds, string nodeId, LaneRef lane, ImpairmentSignal signal, double? coverDays, DateTimeOffset now)
    {
        var key = RuleKey(lane.Id);
        var open = book.FindActive(key);
        var causes = Propagation.Relevant(signal, nodeId, lane.Commodity);
        if (causes.Count == 0)
        {
            if (open is not null)
            {
                book.Clear(key, new DisruptionEvidence(EvidencePhases.Cleared, now, Quantity, coverDays ?? 0, 0, $"inbound lane {lane.Id} recovered"),
                    now, DisruptionBook.SystemActor, $"inbound lane {lane.Id} recovered");
            }
            return;
        }

        var remaining = Propagation.RemainingUntil(causes, now);
        var remainingDays = remaining.TotalDays;
        var severity = Judge(open?.Severity, coverDays, remainingDays, thresholds);
        var coverText = coverDays is { } known ? BandRule.Format($"{known:0.#} days of cover") : "days of cover unknown";
        var causesText = Propagation.Describe(causes);
        var summary = BandRule.Format($"upstream {lane.Commodity}: {causesText}; {coverText} vs {remainingDays:0.#} days expected");
        var note = $"{coverText}; " + Propagation.Note(causes, now);
        var rootCauseIds = Propagation.Ids(causes);
        if (open is null)
        {
            book.Open(key, DisruptionKind.UpstreamExposure, severity, [lane.Commodity], summary,
                new DisruptionEvidence(EvidencePhases.Opened, now, Quantity, coverDays ?? 0, remainingDays, note),
                now, DisruptionBook.SystemActor, $"inbound lane {lane.Id} disrupted", estimatedTimeToRecover: remaining, rootCauseIds: rootCauseIds, rootCauseNames: Propagation.Names(causes));
        }
        else if (open.Severity != severity || Changed(open, causesText, causes, coverDays, remainingDays))
        {
            var phase = severity > open.Severity ? EvidencePhases.Escalated : severity < open.Severity ? EvidencePhases.Deescalated : EvidencePhases.Updated;
            var reason = severity switch
            {
                Severity.Critical => "cover shorter than the expected disruption",
                Severity.Warning when coverDays is null => "days of cover unknown",
                Severity.Warning => "cover close to the expected disruption",
                _ => "cover outlasts the expected disruption",
            };
            book.Update(key, severity, summary, new DisruptionEvidence(phase, now, Quantity, coverDays ?? 0, remainingDays, note),
                now, DisruptionBook.SystemActor, reason, estimatedTimeToRecover: remaining, rootCauseIds: rootCauseIds, rootCauseNames: Propagation.Names(causes));
        }
    }

    /// <summary>The severity for a cover against the days still expected, from the current one (null: opening).</summary>
    public static Severity Judge(Severity? current, double? coverDays, double remainingDays, RuleThresholds thresholds)
    {
        // Without a cover, or with the cause already past its expected end, nobody can say how it compares.
        if (coverDays is not { } cover || remainingDays <= 0) return Severity.Warning;
        var ratio = cover / remainingDays;
        var critical = current == Severity.Critical ? ratio <= thresholds.ExposureCriticalBelowRatio * EaseMargin : ratio < thresholds.ExposureCriticalBelowRatio;
        if (critical) return Severity.Critical;
        var warning = current is Severity.Critical or Severity.Warning ? ratio <= thresholds.ExposureWarningBelowRatio * EaseMargin : ratio < thresholds.ExposureWarningBelowRatio;
        return warning ? Severity.Warning : Severity.Info;
    }

    /// <summary>
    /// When the severity of an exposure changes by time alone, or null if it never will: as the remaining time
    /// shrinks, CRITICAL eases to WARNING and WARNING to INFO (just past each threshold, so the check finds it
    /// changed); at the expected end an INFO exposure whose cause goes on becomes WARNING.
    /// </summary>
    public static DateTimeOffset? NextChange(Disruption exposure, ImpairmentSignal signal, string nodeId, string commodity, double? coverDays, RuleThresholds thresholds, DateTimeOffset now)
    {
        if (coverDays is not { } cover) return null;
        var causes = Propagation.Relevant(signal, nodeId, commodity);
        if (causes.Count == 0) return null;
        var end = causes.Max(c => c.ExpectedEnd);
        DateTimeOffset? at = exposure.Severity switch
        {
            Severity.Critical when cover > 0 => end - TimeSpan.FromDays(cover / (thresholds.ExposureCriticalBelowRatio * EaseMargin)),
            Severity.Warning when cover > 0 => end - TimeSpan.FromDays(cover / (thresholds.ExposureWarningBelowRatio * EaseMargin)),
            Severity.Info => end,
            _ => null,
        };
        if (at is not { } moment) return null;
        moment += TimeSpan.FromMilliseconds(1);
        return moment > now ? moment : null;
    }

    /// <summary>
    /// New causes, or cover or the remaining time moving by <see cref="MaterialChange"/> of their last value (and at
    /// least a day), are worth an update; inventory noise and the clock ticking down are not.
    /// </summary>
    private static bool Changed(Disruption open, string causes, IReadOnlyList<RootCause> rootCauses, double? coverDays, double remainingDays)
    {
        var last = open.Evidence[^1];
        return !open.Summary.Contains(causes, StringComparison.Ordinal)
            || !Propagation.SameRoots(open, rootCauses)
            || Material(coverDays ?? 0, last.Value)
            || Material(remainingDays, last.Threshold);
    }

    private static bool Material(double value, double last) => Math.Abs(value - last) >= Math.Max(1, MaterialChange * Math.Abs(last));
}
