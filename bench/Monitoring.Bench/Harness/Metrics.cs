using System.Globalization;

namespace Monitoring.Bench.Harness;

/// <summary>Reads values out of a Prometheus text scrape (the platform's /metrics).</summary>
public static class Metrics
{
    /// <summary>Sum of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    public static double Sum(string scrape, string name, params string[] labels)
    {
        var total = 0.0;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length) continue;
            var next = line[name.Length];
            if (next != '{' && next != ' ') continue;
            if (!labels.All(l => line.Contains(l, StringComparison.Ordinal))) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) total += parsed;
        }
        return total;
    }

    /// <summary>Managed heap after the last collection, all generations (.NET's System.Runtime meter).</summary>
    public static double ManagedHeapBytes(string scrape) => Sum(scrape, "dotnet_gc_last_collection_heap_size_bytes");

    /// <summary>Node and lane grains active in the process (Orleans' meter).</summary>
    public static double SubjectGrains(string scrape) =>
        Sum(scrape, "orleans_grains", "grain_type=\"supplynode\"") + Sum(scrape, "orleans_grains", "grain_type=\"shipmentlane\"");
}
