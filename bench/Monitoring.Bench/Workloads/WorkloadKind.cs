namespace Monitoring.Bench.Workloads;

/// <summary>The standard workloads of DESIGN §12.</summary>
public enum WorkloadKind
{
    /// <summary>Every subject alike: batches walk round the feed's own subjects.</summary>
    W1,

    /// <summary>Hot spot: 100 nodes take 80 % of the traffic (group commit must coalesce their batches).</summary>
    W2,
}
