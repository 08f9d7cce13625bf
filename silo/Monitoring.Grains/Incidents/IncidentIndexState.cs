namespace Monitoring.Grains.Incidents;

[GenerateSerializer, Alias("monitoring.IncidentIndexState")]
public sealed class IncidentIndexState
{
    [Id(0)] public Dictionary<string, Incident> ById { get; set; } = new(StringComparer.Ordinal);
}
