namespace Monitoring.Domain.Detection;

/// <summary>Detection settings (configuration section "Detection"). Thresholds: see <see cref="RuleThresholds"/>.</summary>
public sealed class DetectionOptions : IValidatedOptions
{
    public static string SectionName => "Detection";

    /// <summary>Overrides of the built-in thresholds for every subject, by key ("output_drop.fire_below_ratio": 0.5).</summary>
    public Dictionary<string, double> Thresholds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Overrides per node kind ("port", "mine", …), by key; lanes use the kind "lane".</summary>
    public Dictionary<string, Dictionary<string, double>> KindThresholds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Weight of the newest reading in the moving average that OUTPUT_DROP compares.</summary>
    public double EwmaAlpha { get; set; } = 0.5;

    /// <summary>Weight of the newest reading in the slow mean and variance ANOMALY measures against.</summary>
    public double AnomalyReferenceAlpha { get; set; } = 0.05;

    /// <summary>Weight of the newest arrival in the moving average of realized transit time.</summary>
    public double TransitEwmaAlpha { get; set; } = 0.3;

    /// <summary>Time to recover assumed for a lane's own disruption (nodes have recovery_days).</summary>
    public double LaneRecoveryDays { get; set; } = 3;

    /// <summary>Points kept per metric for sparklines (in memory only).</summary>
    public int RecentPointsPerMetric { get; set; } = 60;

    /// <summary>Closed disruptions a subject keeps for drill-down.</summary>
    public int RecentlyClosedPerSubject { get; set; } = 20;

    /// <summary>
    /// Declared disruptions a subject holds open at once: a report with a new report_id beyond it is refused
    /// (TOO_MANY_REPORTS); updates and clears of open ones always go through.
    /// </summary>
    public int MaxDeclaredPerSubject { get; set; } = 20;

    /// <summary>
    /// A feed's sequence window on a subject is forgotten after this long without a batch. Keep it longer than
    /// Ingest:MaxObservationAge (7 days): a resend older than that is refused at the gateway anyway.
    /// </summary>
    public TimeSpan FeedWindowRetention { get; set; } = TimeSpan.FromDays(8);

    /// <summary>The problems with these settings, for validation at start.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, message) in RuleThresholds.Validate(Thresholds)) yield return $"Detection:Thresholds:{key}: {message}";
        var basis = RuleThresholds.Defaults.With(Thresholds);
        foreach (var (kind, overrides) in KindThresholds)
        {
            if (!string.Equals(kind, "lane", StringComparison.OrdinalIgnoreCase) && !Enum.TryParse<NodeKind>(kind, ignoreCase: true, out _))
                yield return $"Detection:KindThresholds:{kind}: not a node kind (mine, brine, …, consumer) or 'lane'";
            foreach (var (key, message) in RuleThresholds.Validate(overrides, basis)) yield return $"Detection:KindThresholds:{kind}:{key}: {message}";
        }
        if (MaxDeclaredPerSubject < 1) yield return "Detection:MaxDeclaredPerSubject must be at least 1";
        if (FeedWindowRetention < TimeSpan.FromDays(7)) yield return "Detection:FeedWindowRetention must be at least 7 days (Ingest:MaxObservationAge)";
        foreach (var (name, alpha) in new[] { (nameof(EwmaAlpha), EwmaAlpha), (nameof(AnomalyReferenceAlpha), AnomalyReferenceAlpha), (nameof(TransitEwmaAlpha), TransitEwmaAlpha) })
        {
            if (alpha is <= 0 or > 1) yield return $"Detection:{name} must be in (0, 1]";
        }
    }
}
