using Monitoring.Bench.Load;

namespace Monitoring.Bench.Harness;

/// <summary>One measured target of a run.</summary>
public sealed record PhaseResult(
    string Target,
    LoadResult Load,
    double WallSeconds,
    IReadOnlyDictionary<string, double> CpuCores,
    double? HeapBytes,
    double? SubjectGrains,
    double? StateWritesPerObservation,
    double? RedisCommandsPerObservation,
    IReadOnlyDictionary<string, long>? RedisCommands,
    IReadOnlyList<double> HeapTimeline,
    ServerDetection? ServerDetection,
    IReadOnlyDictionary<string, GcActivity> Gc)
{
    /// <summary>Cluster mode: node and lane grains active on each silo at the end of the window.</summary>
    public IReadOnlyDictionary<string, double>? GrainsPerSilo { get; init; }
}
