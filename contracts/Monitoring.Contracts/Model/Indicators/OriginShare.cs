namespace Monitoring.Contracts;

/// <summary>A country's share of a consumer country's supply at one stage, and the tonnes per day it stands for.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.OriginShare")]
public sealed record OriginShare(string Country, double Share, double TonnesPerDay);
