namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// FEED_SILENT (docs/detection.md): no observation for 3 × the node's report interval (WARNING, status
/// UNKNOWN). Checked when time passes — a grain timer while the node is active, a reminder as the
/// backstop — and cleared by the next observation.
/// </summary>
public static class FeedSilentRule
{
    public const string RuleKey = "feed-silent";
    public const string Quantity = "seconds since last observation";

    public static TimeSpan Silence(RuleThresholds thresholds, NodeSpec spec) =>
        TimeSpan.FromSeconds(thresholds.FeedSilentReports * spec.ReportIntervalSeconds);

    /// <summary>Opens FEED_SILENT when the silence is longer than allowed; returns when to check next (null when open).</summary>
    public static DateTimeOffset? Check(DisruptionBook book, RuleThresholds thresholds, NodeSpec spec, DateTimeOffset lastReceivedAt, IReadOnlyList<string> commodities, DateTimeOffset now)
    {
        var allowed = Silence(thresholds, spec);
        var silent = now - lastReceivedAt;
        if (book.FindActive(RuleKey) is not null) return null;
        if (silent <= allowed) return lastReceivedAt + allowed + TimeSpan.FromMilliseconds(1);
        book.Open(RuleKey, DisruptionKind.FeedSilent, Severity.Warning, commodities,
            BandRule.Format($"no observation for {silent.TotalSeconds:0} s (expected every {spec.ReportIntervalSeconds} s)"),
            new DisruptionEvidence(EvidencePhases.Opened, lastReceivedAt, Quantity, Math.Round(silent.TotalSeconds, 1), allowed.TotalSeconds,
                BandRule.Format($"last observation received {lastReceivedAt:u}")),
            now, DisruptionBook.SystemActor, "feed silent");
        return null;
    }

    /// <summary>An observation arrived: the feed is not silent.</summary>
    public static void Heard(DisruptionBook book, DateTimeOffset receivedAt, DateTimeOffset now)
    {
        if (book.FindActive(RuleKey) is null) return;
        book.Clear(RuleKey, new DisruptionEvidence(EvidencePhases.Cleared, receivedAt, Quantity, 0, 0, "an observation arrived"),
            now, DisruptionBook.SystemActor, "observations arriving again");
    }
}
