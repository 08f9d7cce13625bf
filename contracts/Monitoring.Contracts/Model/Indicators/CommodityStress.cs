namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.CommodityStress")]
public sealed record CommodityStress(string Commodity, IReadOnlyList<StageLoss> Stages, IReadOnlyList<DownstreamImpact> Downstream, double ScoreBefore, double ScoreDuring);
