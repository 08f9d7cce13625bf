namespace Monitoring.Contracts;

/// <summary>
/// What a node tells a commodity when its status or output changes (never per reading): its status for
/// that commodity, its output and inventory of it (null when not reported), the longest expected
/// duration of its open disruptions, and whether its feed is fresh. Newer versions replace older ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeCondition")]
public sealed record NodeCondition(
    string NodeId,
    long Version,
    OperationalStatus Status,
    double? OutputTonnesPerDay,
    double? InventoryTonnes,
    double? ExpectedRecoveryDays,
    bool FeedFresh);
