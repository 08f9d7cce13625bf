namespace Monitoring.Domain.Subjects;

/// <summary>
/// A bounded ring of recent points per series, for sparklines. Kept in memory only: it refills
/// from new readings after a reactivation, and keeps stored state (and its write cost) small.
/// </summary>
public sealed class RecentPoints(int capacity)
{
    private readonly Dictionary<string, Queue<MetricPoint>> _series = new(StringComparer.Ordinal);

    public void Add(string key, MetricPoint point)
    {
        if (capacity <= 0) return;
        if (!_series.TryGetValue(key, out var queue)) _series[key] = queue = new Queue<MetricPoint>(capacity);
        if (queue.Count == capacity) queue.Dequeue();
        queue.Enqueue(point);
    }

    public IReadOnlyList<MetricPoint> Get(string key) => _series.TryGetValue(key, out var queue) ? queue.ToList() : [];
}
