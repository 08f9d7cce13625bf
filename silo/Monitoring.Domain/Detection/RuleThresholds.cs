using System.Collections.Frozen;
using System.Globalization;

namespace Monitoring.Domain.Detection;

/// <summary>
/// The detection thresholds in force for one node or lane: the defaults of docs/detection.md, overridden by
/// configuration ("Detection:Thresholds"), then per node kind ("Detection:KindThresholds:&lt;kind&gt;"),
/// then per node or lane in the topology ("thresholds:"). Keys are listed in docs/detection.md.
/// </summary>
public sealed class RuleThresholds
{
    public const string OutputDropFireBelow = "output_drop.fire_below_ratio";
    public const string OutputDropCriticalBelow = "output_drop.critical_below_ratio";
    public const string OutputDropClearAbove = "output_drop.clear_above_ratio";
    public const string OutputDropReadings = "output_drop.consecutive_readings";
    public const string InventoryLowFireBelow = "inventory_low.fire_below_days";
    public const string InventoryLowCriticalBelow = "inventory_low.critical_below_days";
    public const string InventoryLowClearAbove = "inventory_low.clear_above_days";
    public const string LaneDelayFireAbove = "lane_delay.fire_above_ratio";
    public const string LaneDelayCriticalAbove = "lane_delay.critical_above_ratio";
    public const string LaneDelayClearBelow = "lane_delay.clear_below_ratio";
    public const string FeedSilentMissedReports = "feed_silent.missed_reports";
    public const string AnomalyK = "anomaly.k_sigma";
    public const string AnomalyH = "anomaly.h_sigma";
    public const string AnomalyMinSamples = "anomaly.min_samples";
    public const string MinimumOpenSeconds = "min_open_s";
    public const string ExposureCriticalBelow = "upstream_exposure.critical_below_cover_ratio";
    public const string ExposureWarningBelow = "upstream_exposure.warning_below_cover_ratio";

    public static IReadOnlyList<ThresholdDefinition> Definitions { get; } =
    [
        new(OutputDropFireBelow, 0.6, 0, 1, "OUTPUT_DROP opens when ewma(output)/baseline stays below this (WARNING)"),
        new(OutputDropCriticalBelow, 0.3, 0, 1, "OUTPUT_DROP is CRITICAL below this ratio"),
        new(OutputDropClearAbove, 0.75, 0, 10, "OUTPUT_DROP clears when the ratio stays above this"),
        new(OutputDropReadings, 3, 1, 1000, "consecutive readings needed to open or clear OUTPUT_DROP", WholeNumber: true),
        new(InventoryLowFireBelow, 7, 0, 3650, "INVENTORY_LOW opens when days of cover (inventory / consumption) fall below this (WARNING)"),
        new(InventoryLowCriticalBelow, 3, 0, 3650, "INVENTORY_LOW is CRITICAL below this many days of cover"),
        new(InventoryLowClearAbove, 10, 0, 3650, "INVENTORY_LOW clears above this many days of cover"),
        new(LaneDelayFireAbove, 1.25, 1, 100, "LANE_DELAY opens when transit / baseline transit exceeds this (WARNING)"),
        new(LaneDelayCriticalAbove, 2.0, 1, 100, "LANE_DELAY is CRITICAL above this ratio"),
        new(LaneDelayClearBelow, 1.10, 1, 100, "LANE_DELAY clears when the ratio is back below this"),
        new(FeedSilentMissedReports, 3, 1, 10_000, "FEED_SILENT opens after this many report intervals without an observation"),
        new(AnomalyK, 0.5, 0, 100, "ANOMALY: CUSUM slack k, in standard deviations"),
        new(AnomalyH, 5, 0.1, 1000, "ANOMALY: CUSUM decision interval h, in standard deviations (clears under h/2)"),
        new(AnomalyMinSamples, 20, 2, 1_000_000, "ANOMALY: readings needed to learn a series before it is checked", WholeNumber: true),
        new(MinimumOpenSeconds, 60, 0, 86_400, "an automatically detected disruption stays open at least this long (anti-flapping)"),
        new(ExposureCriticalBelow, 1, 0, 100, "UPSTREAM_EXPOSURE is CRITICAL while days of cover / days the root cause is still expected to last stays below this (time to survive < time to recover)"),
        new(ExposureWarningBelow, 2, 0, 1000, "UPSTREAM_EXPOSURE is WARNING below this ratio of cover to the expected outage, INFO above it (cover comfortably outlasts the outage)"),
    ];

    private static readonly FrozenDictionary<string, ThresholdDefinition> ByKey = Definitions.ToFrozenDictionary(d => d.Key, StringComparer.Ordinal);

    private static readonly RuleThresholds BuiltIn = new(Definitions.ToDictionary(d => d.Key, d => d.Default, StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, double> _values;

    private RuleThresholds(IReadOnlyDictionary<string, double> values)
    {
        _values = values;
        OutputDrop = new Band(values[OutputDropFireBelow], values[OutputDropCriticalBelow], values[OutputDropClearAbove], HighIsBad: false);
        OutputDropReadingsNeeded = (int)values[OutputDropReadings];
        InventoryLow = new Band(values[InventoryLowFireBelow], values[InventoryLowCriticalBelow], values[InventoryLowClearAbove], HighIsBad: false);
        LaneDelay = new Band(values[LaneDelayFireAbove], values[LaneDelayCriticalAbove], values[LaneDelayClearBelow], HighIsBad: true);
        FeedSilentReports = values[FeedSilentMissedReports];
        AnomalySlack = values[AnomalyK];
        AnomalyDecision = values[AnomalyH];
        AnomalyWarmUp = (long)values[AnomalyMinSamples];
        MinimumOpenTime = TimeSpan.FromSeconds(values[MinimumOpenSeconds]);
        ExposureCriticalBelowRatio = values[ExposureCriticalBelow];
        ExposureWarningBelowRatio = values[ExposureWarningBelow];
    }

    public static RuleThresholds Defaults => BuiltIn;

    public Band OutputDrop { get; }
    public int OutputDropReadingsNeeded { get; }
    public Band InventoryLow { get; }
    public Band LaneDelay { get; }
    public double FeedSilentReports { get; }
    public double AnomalySlack { get; }
    public double AnomalyDecision { get; }
    public long AnomalyWarmUp { get; }
    public TimeSpan MinimumOpenTime { get; }

    /// <summary>UPSTREAM_EXPOSURE: cover / remaining outage below which it is CRITICAL.</summary>
    public double ExposureCriticalBelowRatio { get; }

    /// <summary>UPSTREAM_EXPOSURE: cover / remaining outage below which it is WARNING (above: INFO).</summary>
    public double ExposureWarningBelowRatio { get; }

    public double this[string key] => _values[key];

    /// <summary>These thresholds with <paramref name="overrides"/> applied (validated beforehand).</summary>
    public RuleThresholds With(IReadOnlyDictionary<string, double>? overrides)
    {
        if (overrides is null || overrides.Count == 0) return this;
        var values = new Dictionary<string, double>(_values, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            if (ByKey.ContainsKey(key)) values[key] = value;
        }
        return new RuleThresholds(values);
    }

    /// <summary>Defaults ← configuration ← node kind ← the subject's own thresholds.</summary>
    public static RuleThresholds Resolve(DetectionOptions options, string? kind, IReadOnlyDictionary<string, double>? own)
    {
        var thresholds = BuiltIn.With(options.Thresholds);
        if (kind is not null && options.KindThresholds.TryGetValue(kind, out var byKind)) thresholds = thresholds.With(byKind);
        return thresholds.With(own);
    }

    /// <summary>
    /// Problems with a set of overrides: unknown keys, ranges, and (with <paramref name="checkBands"/>)
    /// the order of each rule's thresholds once combined with <paramref name="basis"/> (default: the built-in thresholds).
    /// </summary>
    public static IReadOnlyList<(string Key, string Message)> Validate(IReadOnlyDictionary<string, double>? overrides, RuleThresholds? basis = null, bool checkBands = true)
    {
        var issues = new List<(string, string)>();
        if (overrides is null || overrides.Count == 0) return issues;
        foreach (var (key, value) in overrides)
        {
            if (!ByKey.TryGetValue(key, out var definition))
            {
                issues.Add((key, $"unknown threshold '{key}' (known: {string.Join(", ", ByKey.Keys.Order(StringComparer.Ordinal))})"));
            }
            else if (!double.IsFinite(value) || value < definition.Min || value > definition.Max)
            {
                issues.Add((key, string.Create(CultureInfo.InvariantCulture, $"{key} {value} is outside {definition.Min}..{definition.Max}")));
            }
            else if (definition.WholeNumber && value != Math.Floor(value))
            {
                issues.Add((key, string.Create(CultureInfo.InvariantCulture, $"{key} must be a whole number (got {value})")));
            }
        }
        if (issues.Count > 0 || !checkBands) return issues;

        var merged = (basis ?? BuiltIn).With(overrides);
        CheckBand(merged.OutputDrop, "output_drop", issues);
        CheckBand(merged.InventoryLow, "inventory_low", issues);
        CheckBand(merged.LaneDelay, "lane_delay", issues);
        if (!(merged.ExposureCriticalBelowRatio < merged.ExposureWarningBelowRatio))
            issues.Add(("upstream_exposure", "upstream_exposure: thresholds must satisfy critical_below_cover_ratio < warning_below_cover_ratio"));
        return issues;
    }

    private static void CheckBand(Band band, string rule, List<(string, string)> issues)
    {
        var ordered = band.HighIsBad
            ? band.Clear < band.Fire && band.Fire < band.Critical
            : band.Critical < band.Fire && band.Fire < band.Clear;
        if (!ordered)
        {
            issues.Add((rule, band.HighIsBad
                ? $"{rule}: thresholds must satisfy clear < fire < critical (hysteresis)"
                : $"{rule}: thresholds must satisfy critical < fire < clear (hysteresis)"));
        }
    }
}
