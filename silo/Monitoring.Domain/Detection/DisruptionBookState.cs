namespace Monitoring.Domain.Detection;

/// <summary>Persisted open and recently closed disruptions of one subject.</summary>
[GenerateSerializer, Alias("monitoring.DisruptionBookState")]
public sealed class DisruptionBookState
{
    [Id(0)] public List<Disruption> Active { get; set; } = [];
    [Id(1)] public List<Disruption> RecentlyClosed { get; set; } = [];

    /// <summary>Rule key (for example "output-drop/cu" or "declared/r-17") → id of the active disruption.</summary>
    [Id(2)] public Dictionary<string, string> ActiveByRuleKey { get; set; } = [];

    /// <summary>Last number used per kind slug: ids count per kind ("p--declared-1", "p--output-drop-1") and are never reused.</summary>
    [Id(3)] public Dictionary<string, int> LastNumberByKind { get; set; } = new(StringComparer.Ordinal);
}
