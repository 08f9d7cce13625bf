namespace Monitoring.Contracts;

/// <summary>
/// A node downstream that loses supply in an incident: how long its stock lasts from now
/// (<see cref="DaysOfCover"/>, counting the days before the loss reaches it), when it runs out, and whether
/// that is before the incident is expected to be over.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.AffectedNode")]
public sealed record AffectedNode(
    string NodeId,
    string Name,
    string Commodity,
    double ShortfallTonnesPerDay,
    double? DaysOfCover,
    DateTimeOffset? RunsOutAt,
    bool StockoutBeforeRecovery);
