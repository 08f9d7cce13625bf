namespace Monitoring.Bench.Workloads;

/// <summary>The standard workloads (docs/benchmarks.md).</summary>
public enum WorkloadKind
{
    /// <summary>Every subject alike: batches walk round the feed's own subjects.</summary>
    W1,

    /// <summary>Hot spot: 100 nodes take 80 % of the traffic (group commit must coalesce their batches).</summary>
    W2,
}
