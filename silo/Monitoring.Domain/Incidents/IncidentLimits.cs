namespace Monitoring.Domain.Incidents;

/// <summary>The bounds on what one subject's incidents keep (docs/incidents.md).</summary>
public static class IncidentLimits
{
    /// <summary>Closed (CLEARED or RESOLVED) incidents kept per root subject; active ones, and closed ones not yet published, are always kept.</summary>
    public const int ClosedPerSubject = 20;

    /// <summary>Members per incident: beyond it, the oldest cleared members are dropped (active ones, and the root that names it, are kept).</summary>
    public const int Members = 500;

    /// <summary>Timeline entries per incident: beyond it, the oldest go (the opening entry stays).</summary>
    public const int Timeline = 200;
}
