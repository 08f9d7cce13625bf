namespace Monitoring.Grains.Detection;

/// <summary>Latest value and moving average of one metric (for one commodity) at a node.</summary>
[GenerateSerializer, Alias("monitoring.MetricSeriesState")]
public sealed class MetricSeriesState
{
    [Id(0)] public double Latest { get; set; }
    [Id(1)] public DateTimeOffset LatestAt { get; set; }
    [Id(2)] public double Ewma { get; set; }
    [Id(3)] public long Count { get; set; }

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
    public static string Key(Metric metric, string commodity) => commodity.Length == 0 ? metric.ToString() : $"{metric}/{commodity}";
}
