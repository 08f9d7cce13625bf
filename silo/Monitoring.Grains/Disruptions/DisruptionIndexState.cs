namespace Monitoring.Grains.Disruptions;

[GenerateSerializer, Alias("monitoring.DisruptionIndexState")]
public sealed class DisruptionIndexState
{
    [Id(0)] public Dictionary<string, Disruption> ById { get; set; } = new(StringComparer.Ordinal);
}
