namespace Monitoring.Contracts.Grains;

/// <summary>
/// Active and recent incidents touching one commodity, for listing and counting. Key: commodity code. Fed by the
/// incident grains once each change is stored.
/// </summary>
[Alias("monitoring.IIncidentIndexGrain")]
public interface IIncidentIndexGrain : IGrainWithStringKey
{
    /// <summary>A newer version of an incident (an older one arriving late changes nothing).</summary>
    [Alias("Upsert")]
    Task Upsert(Incident incident);

    /// <summary>The index's copy of an incident (without its timeline), or null.</summary>
    [Alias("Get"), ReadOnly]
    Task<Incident?> Get(string incidentId);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<Incident>> List(IncidentQuery query);

    /// <summary>Active incidents counted by severity (only the severities that have some).</summary>
    [Alias("Tally"), ReadOnly]
    Task<IReadOnlyList<IncidentTally>> Tally();
}
