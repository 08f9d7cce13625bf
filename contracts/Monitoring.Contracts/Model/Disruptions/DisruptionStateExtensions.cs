namespace Monitoring.Contracts;

public static class DisruptionStateExtensions
{
    /// <summary>OPEN and ACKNOWLEDGED disruptions still need attention.</summary>
    public static bool IsActive(this DisruptionState state) => state is DisruptionState.Open or DisruptionState.Acknowledged;
}
