using System.Text.RegularExpressions;

namespace Monitoring.Tests.Alerting;

/// <summary>The platform's metrics as docs/metrics.md lists them (name → type).</summary>
public static partial class MetricsCatalog
{
    public static IReadOnlyDictionary<string, string> Documented { get; } = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "metrics.md"))
        .Select(l => DocumentedRow().Match(l))
        .Where(m => m.Success)
        .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);

    /// <summary>The label names documented for each metric (the Labels column, without the values in parentheses).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Labels { get; } = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "metrics.md"))
        .Select(l => DocumentedRowWithLabels().Match(l))
        .Where(m => m.Success)
        .ToDictionary(
            m => m.Groups["name"].Value,
            m => (IReadOnlySet<string>)Backticked().Matches(Parenthesized().Replace(m.Groups["labels"].Value, "")).Select(b => b.Groups[1].Value).ToHashSet());

    /// <summary>monitoring_* names an expression uses, histogram series mapped to their family.</summary>
    public static IEnumerable<string> MetricsIn(string expression) =>
        MetricName().Matches(expression).Select(m => Family(m.Value)).Distinct();

    public static string Family(string series) => Regex.Replace(series, "_(bucket|sum|count)$", "") is var family && Documented.ContainsKey(family) ? family : series;

    [GeneratedRegex(@"^\| `(?<name>monitoring_[a-z_]+)` \| (?<type>counter|gauge|histogram) \|")]
    private static partial Regex DocumentedRow();

    [GeneratedRegex(@"^\| `(?<name>monitoring_[a-z_]+)` \| (?:counter|gauge|histogram) \| (?<labels>[^|]*) \|")]
    private static partial Regex DocumentedRowWithLabels();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex(@"`([a-z_]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\bmonitoring_[a-z_]+")]
    private static partial Regex MetricName();
}
