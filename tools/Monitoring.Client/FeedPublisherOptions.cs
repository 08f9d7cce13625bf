namespace Monitoring.Client;

/// <summary>How a <see cref="FeedPublisher"/> connects and how much it keeps in flight.</summary>
public sealed class FeedPublisherOptions
{
    /// <summary>Gateway gRPC addresses (h2c, for example http://localhost:8081). After a failure the next one is tried.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The feed this publisher writes, pattern [a-z0-9][a-z0-9._:-]{0,63}.</summary>
    public required string FeedId { get; init; }

    /// <summary>Sent as "authorization: Bearer &lt;key&gt;" when set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Over https, a certificate accepted besides those the system trusts (<see cref="GrpcChannels.Create"/>).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TrustedCertificate { get; init; }

    /// <summary>
    /// Sequence of the first batch. Default: the current Unix time in microseconds, so a restarted
    /// provider continues above everything it sent before. Set it (to the last acked + 1) to resume exactly.
    /// </summary>
    public ulong? FirstSequence { get; init; }

    /// <summary>Batches sent but not yet durably acked; PublishAsync waits when this many are pending.</summary>
    public int MaxInFlight { get; init; } = 32;

    /// <summary>
    /// Upper bound for <see cref="MaxInFlight"/>: the platform recognises a resent batch when it lies
    /// within 64 sequences of the highest one applied.
    /// </summary>
    public const int MaxInFlightLimit = 48;

    /// <summary>Largest batch the gateway accepts.</summary>
    public int MaxObservationsPerBatch { get; init; } = 10_000;

    /// <summary>First reconnect delay; doubles per failed attempt (with ±20 % jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
}
