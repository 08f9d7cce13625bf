namespace Monitoring.Contracts.Grains;

/// <summary>
/// The incidents rooted at one subject (docs/incidents.md). Key: the root subject's id. Fed with the changes of
/// that subject's disruptions and of their consequences elsewhere (each acknowledged once stored); operators act
/// on an incident here, and it acts on its members.
/// </summary>
[Alias("monitoring.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Newer versions of disruptions (older ones change nothing); returns once the incidents are stored.</summary>
    [Alias("Track")]
    Task Track(IReadOnlyList<Disruption> disruptions);

    /// <summary>The disruptions as their subject holds them now, whatever version the incidents have (after its reload).</summary>
    [Alias("Restore")]
    Task Restore(IReadOnlyList<Disruption> disruptions);

    [Alias("Get"), AlwaysInterleave]
    Task<Incident?> Get(string incidentId);

    /// <summary>OPEN or ACKNOWLEDGED → ACKNOWLEDGED (owner: the actor, unless it has one); its open members are acknowledged too.</summary>
    [Alias("Acknowledge")]
    Task<IncidentActionResult> Acknowledge(string incidentId, string actor, string note);

    [Alias("Assign")]
    Task<IncidentActionResult> Assign(string incidentId, string owner, string actor);

    [Alias("AddNote")]
    Task<IncidentActionResult> AddNote(string incidentId, string actor, string text);

    /// <summary>Any state but RESOLVED → RESOLVED; its members are resolved too.</summary>
    [Alias("Resolve")]
    Task<IncidentActionResult> Resolve(string incidentId, string actor, string note);
}
