using Monitoring.Bench.Harness;
using Monitoring.Bench.Load;

namespace Monitoring.Tests.Unit.Bench;

/// <summary>The harness's arithmetic: percentiles, the gateway's histogram, Prometheus text.</summary>
public sealed class BenchFiguresTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_of_every_sample()
    {
        var summary = LatencySummary.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList());

        Assert.Equal(100, summary.Count);
        Assert.Equal(50, summary.P50);
        Assert.Equal(99, summary.P99);
        Assert.Equal(100, summary.Max);
        Assert.Equal(0, LatencySummary.Of([]).Count);
    }

    [Fact]
    public void Detection_histogram_is_differenced_over_the_window_and_summed_over_series()
    {
        const string start = """
            monitoring_detection_latency_seconds_bucket{le="0.025"} 10
            monitoring_detection_latency_seconds_bucket{le="0.05"} 10
            monitoring_detection_latency_seconds_bucket{le="0.1"} 10
            monitoring_detection_latency_seconds_bucket{le="+Inf"} 10
            """;
        // 100 new detections: 90 within 25 ms, 8 more within 50 ms, 2 within 100 ms.
        const string end = """
            monitoring_detection_latency_seconds_bucket{le="0.025"} 100
            monitoring_detection_latency_seconds_bucket{le="0.05"} 108
            monitoring_detection_latency_seconds_bucket{le="0.1"} 110
            monitoring_detection_latency_seconds_bucket{le="+Inf"} 110
            """;

        var window = DetectionHistogram.Parse(end).Since(DetectionHistogram.Parse(start));

        Assert.Equal(100, window.Count);
        Assert.Equal(0.98, window.WithinFiftyMs, 6);
        Assert.Equal(0.025, window.P50UpperBound);
        Assert.Equal(0.1, window.P99UpperBound);
    }

    [Fact]
    public void Metric_sums_match_whole_names_and_every_label_asked_for()
    {
        const string scrape = """
            # HELP orleans_grains Active grains
            orleans_grains{grain_type="supplynode"} 10
            orleans_grains{grain_type="shipmentlane"} 5
            orleans_grains{grain_type="commodity"} 4
            orleans_grains_total{grain_type="supplynode"} 99
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 1.5e3
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen2"} 500
            """;

        Assert.Equal(15, Metrics.SubjectGrains(scrape));
        Assert.Equal(2000, Metrics.ManagedHeapBytes(scrape));
        Assert.Equal(19, Metrics.Sum(scrape, "orleans_grains"));
    }
}
