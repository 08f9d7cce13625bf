namespace Monitoring.Domain.Detection;

/// <summary>Latest value and moving average of one metric (for one commodity) at a node.</summary>
[GenerateSerializer, Alias("monitoring.MetricSeriesState")]
public sealed class MetricSeriesState
{
    [Id(0)] public double Latest { get; set; }
    [Id(1)] public DateTimeOffset LatestAt { get; set; }
    [Id(2)] public double Ewma { get; set; }
    [Id(3)] public long Count { get; set; }

    // ANOMALY: slow reference mean and variance, and the two CUSUM sums (see AnomalyRule).
    [Id(4)] public double ReferenceMean { get; set; }
    [Id(5)] public double ReferenceVariance { get; set; }
    [Id(6)] public double CusumHigh { get; set; }
    [Id(7)] public double CusumLow { get; set; }
    [Id(8)] public long ReferenceCount { get; set; }

    /// <summary>Folds a reading in. Returns false, changing nothing, for a reading older than the latest.</summary>
    public bool Add(DateTimeOffset observedAt, double value, double alpha)
    {
        if (Count > 0 && observedAt < LatestAt) return false;
        Ewma = Count == 0 ? value : alpha * value + (1 - alpha) * Ewma;
        Latest = value;
        LatestAt = observedAt;
        Count++;
        return true;
    }

    /// <summary>Series key: the metric, plus the commodity when it is not the node's first one.</summary>
    /// <remarks>Interned: a handful of distinct keys, asked for on every reading (no string built per reading).</remarks>
    public static string Key(Metric metric, string commodity) =>
        Keys.GetOrAdd((metric, commodity), static k => k.Commodity.Length == 0 ? k.Metric.ToString() : $"{k.Metric}/{k.Commodity}");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Metric Metric, string Commodity), string> Keys = new();
}
