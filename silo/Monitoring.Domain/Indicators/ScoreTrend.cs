namespace Monitoring.Domain.Indicators;

/// <summary>
/// A commodity's recent scores, for the dashboard's trend line: at most <see cref="Capacity"/> points, and
/// within <see cref="Spacing"/> of the previous point a newer score replaces the last one, so the trend stays
/// bounded in time as well as in count (a burst of recomputations keeps its last value). Memory only.
/// </summary>
public sealed class ScoreTrend
{
    public const int Capacity = 240;

    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(15);

    private readonly List<ScorePoint> _points = [];

    public IReadOnlyList<ScorePoint> Points => _points.ToList();

    public void Record(CommodityIndicators indicators)
    {
        var point = new ScorePoint(indicators.ComputedAt, indicators.Score.Value);
        if (_points.Count >= 2 && point.At - _points[^2].At < Spacing) _points[^1] = point;
        else _points.Add(point);
        if (_points.Count > Capacity) _points.RemoveRange(0, _points.Count - Capacity);
    }
}
