using System.Text.RegularExpressions;

namespace Monitoring.Tests.Alerting;

/// <summary>The platform's metrics as docs/metrics.md lists them (name → type).</summary>
public static partial class MetricsCatalog
{
    public static IReadOnlyDictionary<string, string> Documented { get; } = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "metrics.md"))
        .Select(l => DocumentedRow().Match(l))
        .Where(m => m.Success)
        .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);

    /// <summary>monitoring_* names an expression uses, histogram series mapped to their family.</summary>
    public static IEnumerable<string> MetricsIn(string expression) =>
        MetricName().Matches(expression).Select(m => Family(m.Value)).Distinct();

    public static string Family(string series) => Regex.Replace(series, "_(bucket|sum|count)$", "") is var family && Documented.ContainsKey(family) ? family : series;

    [GeneratedRegex(@"^\| `(?<name>monitoring_[a-z_]+)` \| (?<type>counter|gauge|histogram) \|")]
    private static partial Regex DocumentedRow();

    [GeneratedRegex(@"\bmonitoring_[a-z_]+")]
    private static partial Regex MetricName();
}
