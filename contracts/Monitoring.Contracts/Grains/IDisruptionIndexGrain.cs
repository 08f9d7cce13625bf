namespace Monitoring.Contracts.Grains;

/// <summary>
/// Active and recent disruptions of one commodity, for listing and counting. Key: commodity code.
/// Fed by subject grains on every disruption change; never a single global hot spot.
/// </summary>
[Alias("monitoring.IDisruptionIndexGrain")]
public interface IDisruptionIndexGrain : IGrainWithStringKey
{
    /// <summary>A newer version of a disruption (an older one arriving late changes nothing).</summary>
    [Alias("Upsert")]
    Task Upsert(Disruption disruption);

    /// <summary>The disruption as its subject holds it now, whatever version the index has (after a reload).</summary>
    [Alias("Restore")]
    Task Restore(Disruption disruption);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<Disruption>> List(DisruptionQuery query);

    [Alias("Count"), ReadOnly]
    Task<DisruptionCounts> Count();

    /// <summary>Active disruptions counted by kind and severity (only the pairs that have some).</summary>
    [Alias("Tally"), ReadOnly]
    Task<IReadOnlyList<DisruptionTally>> Tally();
}
