namespace Monitoring.Contracts;

public static class IncidentStateExtensions
{
    /// <summary>OPEN and ACKNOWLEDGED incidents still need attention.</summary>
    public static bool IsActive(this IncidentState state) => state is IncidentState.Open or IncidentState.Acknowledged;
}
