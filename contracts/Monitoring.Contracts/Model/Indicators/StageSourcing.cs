namespace Monitoring.Contracts;

/// <summary>
/// One production stage of a consumer country's sourcing: the countries in which its supply went through the
/// stage, largest first; the share the network cannot attribute; the country's own output at that stage; and its
/// net import reliance there (USGS sense: (consumption − domestic production) / consumption, at least 0).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.StageSourcing")]
public sealed record StageSourcing(Stage Stage, IReadOnlyList<OriginShare> Origins, double UnattributedShare, double DomesticProductionTonnesPerDay, double NetImportReliance);
