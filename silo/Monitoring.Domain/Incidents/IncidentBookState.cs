namespace Monitoring.Domain.Incidents;

/// <summary>Persisted incidents rooted at one subject: every active one and the most recent closed ones.</summary>
[GenerateSerializer, Alias("monitoring.IncidentBookState")]
public sealed class IncidentBookState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<Incident> Incidents { get; set; } = [];

    /// <summary>Last incident number used at the subject: ids are never reused.</summary>
    [Id(1)] public int LastNumber { get; set; }
}
