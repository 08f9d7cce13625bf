namespace Monitoring.Contracts.Grains;

/// <summary>
/// Active and recent disruptions of one commodity, for listing and counting. Key: commodity code.
/// Fed by subject grains on every disruption change; never a single global hot spot.
/// </summary>
[Alias("monitoring.IDisruptionIndexGrain")]
public interface IDisruptionIndexGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(Disruption disruption);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<Disruption>> List(DisruptionQuery query);

    [Alias("Count"), ReadOnly]
    Task<DisruptionCounts> Count();

    /// <summary>Active disruptions counted by kind and severity (only the pairs that have some).</summary>
    [Alias("Tally"), ReadOnly]
    Task<IReadOnlyList<DisruptionTally>> Tally();
}
