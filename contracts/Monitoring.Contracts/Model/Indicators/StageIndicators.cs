namespace Monitoring.Contracts;

/// <summary>
/// One stage's capacity, availability and concentration. By location (<see cref="HhiCountry"/>, <see cref="TopCountry"/>,
/// <see cref="PartnerShare"/>) and by control (the <c>Control</c> figures: capacity attributed to the countries of the
/// owners, docs/indicators.md).
/// </summary>
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
    IReadOnlyList<CountryShare> Countries,
    double HhiControl = 0,
    string TopControlCountry = "",
    double TopControlShare = 0,
    double PartnerShareControl = 0,
    IReadOnlyList<CountryShare>? ControlCountries = null);
