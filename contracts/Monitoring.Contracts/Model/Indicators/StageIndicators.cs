namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.StageIndicators")]
public sealed record StageIndicators(
    Stage Stage,
    int NodeCount,
    double CapacityTonnesPerDay,
    double AvailableTonnesPerDay,
    double AvailableRatio,
    double HhiCountry,
    string HhiBand,
    double HhiOperator,
    string TopCountry,
    double TopCountryShare,
    double PartnerShare,
    IReadOnlyList<CountryShare> Countries);
