namespace Monitoring.Bench.Load;

/// <summary>What the load process measured during the measurement window (after the warm-up).</summary>
public sealed record LoadResult(
    double Seconds,
    long Batches,
    long ObservationsAcked,
    long ObservationsRejected,
    double ObservationsPerSecond,
    LatencySummary Ack,
    LatencySummary Detection,
    int DetectionsLate,
    double CpuSeconds,
    long AllocatedBytes);
