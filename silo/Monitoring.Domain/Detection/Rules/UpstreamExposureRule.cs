namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// UPSTREAM_EXPOSURE (docs/detection.md), by propagation: an inbound lane is DISRUPTED (blocked, or badly
/// delayed). WARNING, and CRITICAL when the node's days of cover for the lane's commodity are
/// shorter than the time the upstream disruption is still expected to last (time-to-survive below
/// time-to-recover). Back to WARNING once cover exceeds that time by 10 %; clears when the lane
/// recovers. Unknown cover (no inventory reported) stays WARNING.
/// </summary>
public static class UpstreamExposureRule
{
    public const string Quantity = "days of cover";
    private const double DeescalateMargin = 1.1;

    public static string RuleKey(string laneId) => $"upstream/{laneId}";

    public static bool IsRuleKey(string key, out string laneId)
    {
        laneId = key.StartsWith("upstream/", StringComparison.Ordinal) ? key["upstream/".Length..] : "";
        return laneId.Length > 0;
    }

    /// <param name="coverDays">Days the node survives on its inventory of the lane's commodity, if known.</param>
    public static void Evaluate(DisruptionBook book, string nodeId, LaneRef lane, ImpairmentSignal signal, double? coverDays, DateTimeOffset now)
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
        var severity = coverDays is { } cover
            ? open?.Severity == Severity.Critical
                ? (cover > remainingDays * DeescalateMargin ? Severity.Warning : Severity.Critical)
                : (cover < remainingDays ? Severity.Critical : Severity.Warning)
            : Severity.Warning;
        var coverText = coverDays is { } known ? BandRule.Format($"{known:0.#} days of cover") : "days of cover unknown";
        var causesText = Propagation.Describe(causes);
        var summary = BandRule.Format($"upstream {lane.Commodity} via {lane.Id}: {causesText}; {coverText} vs {remainingDays:0.#} days expected");
        var note = $"{coverText}; " + Propagation.Note(causes, now);
        if (open is null)
        {
            book.Open(key, DisruptionKind.UpstreamExposure, severity, [lane.Commodity], summary,
                new DisruptionEvidence(EvidencePhases.Opened, now, Quantity, coverDays ?? 0, remainingDays, note),
                now, DisruptionBook.SystemActor, $"inbound lane {lane.Id} disrupted", estimatedTimeToRecover: remaining);
        }
        else if (open.Severity != severity || Changed(open, causesText, coverDays, remainingDays))
        {
            var phase = severity > open.Severity ? EvidencePhases.Escalated : severity < open.Severity ? EvidencePhases.Deescalated : EvidencePhases.Updated;
            book.Update(key, severity, summary, new DisruptionEvidence(phase, now, Quantity, coverDays ?? 0, remainingDays, note),
                now, DisruptionBook.SystemActor, severity == Severity.Critical ? "cover shorter than the expected disruption" : "cover outlasts the expected disruption",
                estimatedTimeToRecover: remaining);
        }
    }

    /// <summary>When the severity of an exposure changes by time alone (remaining time shrinks below cover), or null if it never will.</summary>
    public static DateTimeOffset? NextChange(Disruption exposure, ImpairmentSignal signal, string nodeId, string commodity, double? coverDays, DateTimeOffset now)
    {
        if (exposure.Severity != Severity.Critical || coverDays is not { } cover || cover <= 0) return null;
        var causes = Propagation.Relevant(signal, nodeId, commodity);
        if (causes.Count == 0) return null;
        var end = causes.Max(c => c.ExpectedEnd);
        // Critical until the remaining time falls under cover / margin (just past it, so the check finds it changed).
        var at = end - TimeSpan.FromDays(cover / DeescalateMargin) + TimeSpan.FromMilliseconds(1);
        return at > now ? at : null;
    }

    /// <summary>New causes, or a change of a whole day in cover or remaining time, are worth an update; inventory noise is not.</summary>
    private static bool Changed(Disruption open, string causes, double? coverDays, double remainingDays)
    {
        var last = open.Evidence[^1];
        return !open.Summary.Contains(causes, StringComparison.Ordinal)
            || Math.Abs((coverDays ?? 0) - last.Value) >= 1
            || Math.Abs(remainingDays - last.Threshold) >= 1;
    }
}
