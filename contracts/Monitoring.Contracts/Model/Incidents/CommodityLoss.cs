namespace Monitoring.Contracts;

/// <summary>Supply an incident takes out of one commodity, tonnes per day, and the part of it from partner countries.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.CommodityLoss")]
public sealed record CommodityLoss(string Commodity, double LostTonnesPerDay, double PartnerTonnesPerDay);
