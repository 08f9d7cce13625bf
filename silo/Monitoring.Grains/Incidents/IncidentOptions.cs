using Monitoring.Domain;

namespace Monitoring.Grains.Incidents;

/// <summary>Incident timing and retention (configuration section "Incidents"; docs/incidents.md).</summary>
public sealed class IncidentOptions : IValidatedOptions
{
    public static string SectionName => "Incidents";

    /// <summary>
    /// An incident (and the incident index) writes at most once per this interval: a change after a quiet spell is
    /// written at once, changes meanwhile share the next write; the incident's event goes out once it is stored.
    /// </summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long after a member changes the impact is recomputed, so a burst of members costs one assessment.</summary>
    public TimeSpan ImpactDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Incidents kept per commodity for listing; the oldest closed ones go first, active ones are always kept.</summary>
    public int MaxRetained { get; set; } = 1_000;

    public IEnumerable<string> Problems()
    {
        if (WriteDelay < TimeSpan.Zero || WriteDelay > TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:WriteDelay must be between 0 and 1 second (subjects wait for it before their changes count as published)";
        if (ImpactDelay < TimeSpan.Zero || ImpactDelay > TimeSpan.FromSeconds(30))
            yield return $"{SectionName}:ImpactDelay must be between 0 and 30 seconds";
        if (MaxRetained < 1) yield return $"{SectionName}:MaxRetained must be at least 1 (got {MaxRetained})";
    }
}
