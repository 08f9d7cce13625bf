namespace Monitoring.Domain.Indicators;

/// <summary>A lane of one commodity's network.</summary>
public sealed class SupplyLane(string id, string name, SupplyNode from, SupplyNode to)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public SupplyNode From { get; } = from;
    public SupplyNode To { get; } = to;

    public double CapacityTonnesPerDay { get; set; }
    public double TransitDays { get; set; }
    public OperationalStatus Status { get; set; } = OperationalStatus.Operational;
    public double InTransitTonnes { get; set; }

    public bool IsOpen => Status != OperationalStatus.Disrupted;

    /// <summary>
    /// What normally moves on the lane, tonnes per day: its share of the source's output at risk, at most
    /// its capacity when given. A consumer's outbound lane (scrap to a recycler) carries its capacity.
    /// </summary>
    public double FlowTonnesPerDay
    {
        get
        {
            if (From.Stage == Stage.Consumption) return CapacityTonnesPerDay;
            var flow = From.OutflowShare(this) * From.OutputAtRiskTonnesPerDay;
            return CapacityTonnesPerDay > 0 ? Math.Min(flow, CapacityTonnesPerDay) : flow;
        }
    }
}
