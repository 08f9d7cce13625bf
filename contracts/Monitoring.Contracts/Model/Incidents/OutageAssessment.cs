namespace Monitoring.Contracts;

/// <summary>
/// One commodity's share of an incident's impact: supply lost (t/d, and from partner countries), the days the
/// outage was assessed over, and each node downstream that loses supply, in days from now.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.OutageAssessment")]
public sealed record OutageAssessment(string Commodity, double LostTonnesPerDay, double PartnerTonnesPerDay, double Days, IReadOnlyList<OutageDay> Downstream);
