namespace Monitoring.Contracts;

/// <summary>Latest value, moving average and recent points of one metric.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.MetricSeriesView")]
public sealed record MetricSeriesView(
    Metric Metric,
    string Commodity,
    double Latest,
    DateTimeOffset LatestAt,
    double Ewma,
    IReadOnlyList<MetricPoint> Points);
