namespace Monitoring.Contracts;

/// <summary>Evidence phases.</summary>
public static class EvidencePhases
{
    public const string Opened = "opened";
    public const string Escalated = "escalated";
    public const string Deescalated = "deescalated";
    public const string Updated = "updated";
    public const string Cleared = "cleared";
}
