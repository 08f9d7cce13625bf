namespace Monitoring.Domain.Subjects;

/// <summary>
/// A bounded ring of recent points per series, for sparklines. Kept in memory only: it refills
/// from new readings after a reactivation, and keeps stored state (and its write cost) small.
/// </summary>
/// <remarks>
/// Points are kept as values in one array per series, allocated once: a reading allocates nothing here. (A point
/// object per reading would live for a whole ring's worth of readings, long enough to be promoted by the garbage
/// collector and then die old, which is what makes collections pause long; docs/benchmarks.md.)
/// </remarks>
public sealed class RecentPoints(int capacity)
{
    private readonly Dictionary<string, Ring> _series = new(StringComparer.Ordinal);

    /// <param name="feedId">The feed that sent the reading.</param>
    public void Add(string key, DateTimeOffset at, double value, string feedId)
    {
        if (capacity <= 0) return;
        if (!_series.TryGetValue(key, out var ring)) _series[key] = ring = new Ring(capacity);
        ring.Add(at, value, feedId);
    }

    /// <summary>The series' points, oldest first.</summary>
    public IReadOnlyList<MetricPoint> Get(string key) => _series.TryGetValue(key, out var ring) ? ring.ToList() : [];

    private sealed class Ring(int capacity)
    {
        private readonly (DateTimeOffset At, double Value, string FeedId)[] _points = new (DateTimeOffset, double, string)[capacity];
        private int _next, _count;

        public void Add(DateTimeOffset at, double value, string feedId)
        {
            // Each batch brings its own copy of the feed's name: keep the one the last point holds, not one per batch.
            var last = _points[(_next - 1 + _points.Length) % _points.Length].FeedId;
            _points[_next] = (at, value, last == feedId ? last : feedId);
            _next = (_next + 1) % _points.Length;
            if (_count < _points.Length) _count++;
        }

        public List<MetricPoint> ToList()
        {
            var list = new List<MetricPoint>(_count);
            var first = (_next - _count + _points.Length) % _points.Length;
            for (var i = 0; i < _count; i++)
            {
                var (at, value, feed) = _points[(first + i) % _points.Length];
                list.Add(new MetricPoint(at, value, feed));
            }
            return list;
        }
    }
}
