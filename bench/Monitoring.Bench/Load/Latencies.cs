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

public sealed record LatencySummary(int Count, double P50, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN);
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
