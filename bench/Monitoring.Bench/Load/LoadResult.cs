using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Bench.Harness;
using Monitoring.Bench.Workloads;
using Monitoring.Client;

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
