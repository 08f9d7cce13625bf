namespace Monitoring.Bench.Load;

/// <summary>Latency samples in milliseconds, kept whole (a run has at most some hundred thousand) for exact percentiles.</summary>
public sealed class Latencies
{
    private readonly object _lock = new();
    private readonly List<double> _all = [];
    private List<double> _sinceSnapshot = [];

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _all.Add(milliseconds);
            _sinceSnapshot.Add(milliseconds);
        }
    }

    public int Count
    {
        get { lock (_lock) return _all.Count; }
    }

    /// <summary>Percentiles of every sample so far.</summary>
    public LatencySummary Summary()
    {
        lock (_lock) return LatencySummary.Of(_all);
    }

    /// <summary>Percentiles of the samples since the previous call (for the progress display).</summary>
    public LatencySummary TakeRecent()
    {
        List<double> recent;
        lock (_lock)
        {
            recent = _sinceSnapshot;
            _sinceSnapshot = [];
        }
        return LatencySummary.Of(recent);
    }
}
