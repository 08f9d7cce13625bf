namespace Monitoring.Contracts;

// What the gateway sends a node or lane grain: the part of one provider batch that concerns that
// subject. Every item carries its index in the provider's batch so rejections point at it.

/// <summary>A measured value at a node.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeReading")]
public sealed record NodeReading(int Index, DateTimeOffset ObservedAt, Metric Metric, double Value, string? Commodity);

/// <summary>A shipment event on a lane.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ShipmentUpdate")]
public sealed record ShipmentUpdate(
    int Index,
    DateTimeOffset ObservedAt,
    string ShipmentId,
    ShipmentEventKind Kind,
    double QuantityTonnes,
    DateTimeOffset? Eta,
    double? Latitude,
    double? Longitude);

/// <summary>A disruption declared (or cleared) by a provider.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionReport")]
public sealed record DisruptionReport(
    int Index,
    DateTimeOffset ObservedAt,
    string ReportId,
    Cause Cause,
    Severity Severity,
    TimeSpan? ExpectedDuration,
    string Message,
    bool Clear);

/// <summary>
/// One provider batch's observations for one subject: exactly one grain call per subject per batch.
/// <see cref="After"/>: the sequence of the same stream's previous batch for this subject, when its call
/// was still in flight; the grain applies this batch only after that one (Orleans does not promise
/// message order, and the calls overlap so that group commit can share writes).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.SubjectBatch")]
public sealed record SubjectBatch(
    string FeedId,
    ulong Sequence,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<NodeReading> Readings,
    IReadOnlyList<ShipmentUpdate> Shipments,
    IReadOnlyList<DisruptionReport> Reports,
    ulong? After = null)
{
    public int Count => Readings.Count + Shipments.Count + Reports.Count;
}

/// <summary>An observation refused on its own; the rest of the batch applies.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ItemRejection")]
public sealed record ItemRejection(int Index, string Code, string Message);

/// <summary>What a subject grain did with its part of a batch.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ApplyResult")]
public sealed record ApplyResult(bool Duplicate, int Applied, IReadOnlyList<ItemRejection> Rejections)
{
    public static ApplyResult AlreadyApplied(int count) => new(true, count, []);
}

/// <summary>Stable rejection reason codes (documented in docs/api.md).</summary>
public static class RejectionCodes
{
    public const string MissingBody = "MISSING_BODY";
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidId = "INVALID_ID";
    public const string UnknownSubject = "UNKNOWN_SUBJECT";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string WrongSubjectType = "WRONG_SUBJECT_TYPE";
    public const string UnknownCommodity = "UNKNOWN_COMMODITY";
    public const string UnknownEnum = "UNKNOWN_ENUM";
    public const string NotFinite = "NOT_FINITE";
    public const string OutOfRange = "OUT_OF_RANGE";
    public const string TimestampMissing = "TIMESTAMP_MISSING";
    public const string TimestampInFuture = "TIMESTAMP_IN_FUTURE";
    public const string TimestampTooOld = "TIMESTAMP_TOO_OLD";
    public const string TooLong = "TOO_LONG";
    public const string InvalidTransition = "INVALID_TRANSITION";
    public const string OutOfOrder = "OUT_OF_ORDER";
}
