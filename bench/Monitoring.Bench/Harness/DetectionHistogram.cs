using System.Globalization;

namespace Monitoring.Bench.Harness;

/// <summary>
/// The gateway's own detection latency (receipt of the triggering batch → event at the gateway), from its
/// monitoring_detection_latency_seconds histogram: cumulative bucket counts, differenced over the window.
/// </summary>
public sealed record DetectionHistogram(IReadOnlyList<(double Le, double Count)> Buckets)
{
    private const string Name = "monitoring_detection_latency_seconds_bucket";

    public static DetectionHistogram Parse(string scrape)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(Name + "{", StringComparison.Ordinal)) continue;
            var le = line.IndexOf("le=\"", StringComparison.Ordinal);
            if (le < 0) continue;
            var end = line.IndexOf('"', le + 4);
            var bound = line[(le + 4)..end];
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            var key = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
            buckets[key] = buckets.GetValueOrDefault(key) + value;
        }
        return new DetectionHistogram(buckets.Select(b => (b.Key, b.Value)).ToList());
    }

    public ServerDetection Since(DetectionHistogram start)
    {
        var before = start.Buckets.ToDictionary(b => b.Le, b => b.Count);
        var delta = Buckets.Select(b => (b.Le, Count: b.Count - before.GetValueOrDefault(b.Le))).ToList();
        var total = delta.Count == 0 ? 0 : delta[^1].Count;
        double Share(double le) => total == 0 ? 0 : delta.Where(b => b.Le <= le).Select(b => b.Count).DefaultIfEmpty(0).Max() / total;
        double Bound(double q) => delta.FirstOrDefault(b => b.Count >= q * total).Le;
        return new ServerDetection((long)total, Share(0.05), Bound(0.5), Bound(0.99));
    }
}
