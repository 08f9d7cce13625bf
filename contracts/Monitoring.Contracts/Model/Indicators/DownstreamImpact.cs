namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.DownstreamImpact")]
public sealed record DownstreamImpact(
    string NodeId,
    string Name,
    double ShortfallStartsDay,
    double ShortfallTonnesPerDay,
    double InventoryTonnes,
    double? RunsOutDay,
    double ShortTonnes,
    double ShortfallEndsDay = 0,
    double SubstitutedTonnesPerDay = 0);
