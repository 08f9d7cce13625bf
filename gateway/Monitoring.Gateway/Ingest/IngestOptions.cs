using Monitoring.Domain;

namespace Monitoring.Gateway.Ingest;

/// <summary>Ingest limits and validation windows (configuration section "Ingest").</summary>
public sealed class IngestOptions : IValidatedOptions
{
    public static string SectionName => "Ingest";

    public int MaxObservationsPerBatch { get; set; } = 10_000;

    /// <summary>Batches of one stream being applied at once; the stream is not read further until one completes.</summary>
    public int MaxInFlightBatchesPerStream { get; set; } = 32;

    /// <summary>
    /// Upper bound for <see cref="MaxInFlightBatchesPerStream"/>: a batch resent after a reconnect must
    /// lie within the 64 sequences below the highest one a grain applied.
    /// </summary>
    public const int MaxInFlightLimit = 48;

    /// <summary>How far in the future an observation may be dated (clock skew between provider and platform).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old an observation may be.</summary>
    public TimeSpan MaxObservationAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a batch may take to be applied and stored before the stream ends with UNAVAILABLE and the
    /// provider resends it (resends are recognised). Bounds the stall when a silo dies with calls in flight:
    /// Orleans itself would wait for its response timeout (30 s).
    /// </summary>
    public TimeSpan ApplyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a unary gRPC or JSON call may run on the gateway (DEADLINE_EXCEEDED after it), whatever the client's deadline.</summary>
    public TimeSpan UnaryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Observations per second a provider key may publish (over all its streams), unless the key sets its own.</summary>
    public int ProviderObservationsPerSecond { get; set; } = 100_000;

    /// <summary>Batches per second a provider key may publish (over all its streams), unless the key sets its own: empty ones count.</summary>
    public int ProviderBatchesPerSecond { get; set; } = 2_000;

    /// <summary>Bytes of batches (protobuf size) per second a provider key may publish, unless the key sets its own.</summary>
    public int ProviderBytesPerSecond { get; set; } = 64 * 1024 * 1024;

    /// <summary>Distinct feeds a provider key may publish to within 8 days, unless the key sets its own.</summary>
    public int MaxFeedsPerProvider { get; set; } = 100;

    /// <summary>
    /// Declared disruptions open at once on one provider's subjects (across the cluster), unless the key sets its own
    /// (Detection:MaxDeclaredPerSubject caps each subject besides).
    /// </summary>
    public int MaxDeclaredPerProvider { get; set; } = 1_000;

    /// <summary>Publish streams a provider key may hold open at once, unless the key sets its own.</summary>
    public int MaxStreamsPerProvider { get; set; } = 32;

    /// <summary>
    /// Benchmarking only (docs/benchmarks.md, the null-grain target): every subject-batch goes to a grain that returns at
    /// once, so nothing is applied, stored or detected. Never in production.
    /// </summary>
    public bool NullGrains { get; set; }

    public IEnumerable<string> Problems()
    {
        if (MaxObservationsPerBatch < 1) yield return $"{SectionName}:MaxObservationsPerBatch must be at least 1";
        if (MaxInFlightBatchesPerStream is < 1 or > MaxInFlightLimit)
            yield return $"{SectionName}:MaxInFlightBatchesPerStream must be 1..{MaxInFlightLimit} (grains recognise resent batches within a window of 64 sequences)";
        if (MaxClockSkew < TimeSpan.Zero) yield return $"{SectionName}:MaxClockSkew must not be negative";
        if (MaxObservationAge <= TimeSpan.Zero) yield return $"{SectionName}:MaxObservationAge must be more than 0";
        if (ApplyTimeout < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:ApplyTimeout must be at least 1 second";
        if (UnaryTimeout < TimeSpan.FromSeconds(1)) yield return $"{SectionName}:UnaryTimeout must be at least 1 second";
        if (ProviderObservationsPerSecond < 1) yield return $"{SectionName}:ProviderObservationsPerSecond must be at least 1";
        if (MaxStreamsPerProvider < 1) yield return $"{SectionName}:MaxStreamsPerProvider must be at least 1";
        if (MaxFeedsPerProvider < 1) yield return $"{SectionName}:MaxFeedsPerProvider must be at least 1";
        if (MaxDeclaredPerProvider < 1) yield return $"{SectionName}:MaxDeclaredPerProvider must be at least 1";
        if (ProviderBatchesPerSecond < 1) yield return $"{SectionName}:ProviderBatchesPerSecond must be at least 1";
        if (ProviderBytesPerSecond < 1024 * 1024) yield return $"{SectionName}:ProviderBytesPerSecond must be at least 1048576";
    }
}
