namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.CountryShare")]
public sealed record CountryShare(string Country, double Share, double CapacityTonnesPerDay);
