namespace Monitoring.Contracts;

/// <summary>
/// An incident's live impact (docs/incidents.md): the supply it takes out, tonnes per day (in total and per
/// commodity; capacity offline at its root nodes plus the flow of lanes closed at their own cause, never
/// counted twice), the nodes downstream that lose supply, and when it is expected to be over.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.IncidentImpact")]
public sealed record IncidentImpact(
    double LostTonnesPerDay,
    IReadOnlyList<CommodityLoss> LostByCommodity,
    IReadOnlyList<AffectedNode> AffectedNodes,
    DateTimeOffset? ExpectedRecoveryAt,
    DateTimeOffset ComputedAt)
{
    public static IncidentImpact None(DateTimeOffset at) => new(0, [], [], null, at);

    /// <summary>Share of the lost supply from partner countries (0 when nothing is lost).</summary>
    public double PartnerShare => LostTonnesPerDay > 0 ? LostByCommodity.Sum(c => c.PartnerTonnesPerDay) / LostTonnesPerDay : 0;
}
