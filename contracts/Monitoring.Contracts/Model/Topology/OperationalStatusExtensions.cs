namespace Monitoring.Contracts;

public static class OperationalStatusExtensions
{
    /// <summary>How bad a status is, to pick the worst of several: disrupted over degraded over unknown over operational.</summary>
    public static int Rank(this OperationalStatus status) => status switch
    {
        OperationalStatus.Disrupted => 3,
        OperationalStatus.Degraded => 2,
        OperationalStatus.Unknown => 1,
        _ => 0,
    };
}
