using System.Collections.Concurrent;
using System.Text;

namespace Monitoring.Contracts;

/// <summary>
/// Enum values as metric label values: lower snake case ("lane_blocked", "critical"), the way
/// Prometheus users write them. Cached: labels are formatted on metric paths.
/// </summary>
public static class MetricLabel
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    public static string Of(Enum value) => Cache.GetOrAdd(value, static v =>
    {
        var name = v.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    });
}
