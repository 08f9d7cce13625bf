namespace Monitoring.Domain.Indicators;

/// <summary>A node's part in one commodity's network.</summary>
public sealed class SupplyNode(string id, string name, NodeKind kind, Stage stage, string country, string @operator)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public NodeKind Kind { get; } = kind;
    public Stage Stage { get; } = stage;
    public string Country { get; } = country;
    public string Operator { get; } = @operator;

    public double CapacityTonnesPerDay { get; set; }
    public double DemandTonnesPerDay { get; set; }
    public double ExpectedUtilization { get; set; }
    public double RecoveryDays { get; set; }

    /// <summary>The node's reported output (EWMA) of this commodity; null until it reports.</summary>
    public double? ReportedOutputTonnesPerDay { get; set; }

    public double InventoryTonnes { get; set; }
    public OperationalStatus Status { get; set; } = OperationalStatus.Operational;

    /// <summary>The longest expected duration of the node's open disruptions, days; null when it has none.</summary>
    public double? ExpectedRecoveryDays { get; set; }

    public bool FeedFresh { get; set; } = true;

    /// <summary>Shares held by owners of other countries (the rest is <see cref="Country"/>'s).</summary>
    public IReadOnlyList<ControlShare> Control { get; init; } = [];

    /// <summary>Who controls the capacity: each country's share, the node's own country taking what the others leave.</summary>
    public IEnumerable<(string Country, double Share)> ControlHolders()
    {
        var listed = Control.Where(c => c.Country != Country).ToList();
        foreach (var c in listed) yield return (c.Country, c.Share);
        var own = 1 - listed.Sum(c => c.Share);
        if (own > 1e-12) yield return (Country, own);
    }

    public List<SupplyLane> Inbound { get; } = [];
    public List<SupplyLane> Outbound { get; } = [];

    /// <summary>Production and logistics nodes with capacity; consumers only draw.</summary>
    public bool Produces => Stage != Stage.Consumption && CapacityTonnesPerDay > 0;

    /// <summary>What the node puts out in normal times: capacity × expected utilization (a consumer: its demand).</summary>
    public double NormalOutputTonnesPerDay => Stage == Stage.Consumption ? DemandTonnesPerDay : CapacityTonnesPerDay * ExpectedUtilization;

    /// <summary>q_i: the reported output, else the normal output.</summary>
    public double OutputTonnesPerDay => ReportedOutputTonnesPerDay ?? NormalOutputTonnesPerDay;

    /// <summary>Counted in A_s: nothing when disrupted, the current output (at most capacity) when degraded, else capacity.</summary>
    public double AvailableTonnesPerDay => Status switch
    {
        OperationalStatus.Disrupted => 0,
        OperationalStatus.Degraded => Math.Clamp(OutputTonnesPerDay, 0, CapacityTonnesPerDay),
        _ => CapacityTonnesPerDay,
    };

    /// <summary>c_i − q_i a healthy node could add if another stopped; a degraded or disrupted node has none to offer.</summary>
    public double SpareTonnesPerDay => Status is OperationalStatus.Operational or OperationalStatus.Unknown
        ? Math.Max(0, CapacityTonnesPerDay - OutputTonnesPerDay)
        : 0;

    /// <summary>
    /// What stops if this node stops: its output, or for a node already impaired its normal output (its
    /// current output no longer says what the network depends on it for).
    /// </summary>
    public double OutputAtRiskTonnesPerDay => Status is OperationalStatus.Disrupted or OperationalStatus.Degraded
        ? Math.Max(OutputTonnesPerDay, NormalOutputTonnesPerDay)
        : OutputTonnesPerDay;

    /// <summary>TTR: the expected duration of an open disruption, else the node's recovery days.</summary>
    public double TtrDays => ExpectedRecoveryDays ?? RecoveryDays;

    /// <summary>Share of the node's outflow a lane takes: by lane capacity, or evenly when capacities are not given.</summary>
    public double OutflowShare(SupplyLane lane)
    {
        var total = Outbound.Sum(l => l.CapacityTonnesPerDay);
        return total > 0 ? lane.CapacityTonnesPerDay / total : 1.0 / Outbound.Count;
    }

    internal SupplyNode CopyWithoutLanes() => new(Id, Name, Kind, Stage, Country, Operator)
    {
        Control = Control,
        CapacityTonnesPerDay = CapacityTonnesPerDay,
        DemandTonnesPerDay = DemandTonnesPerDay,
        ExpectedUtilization = ExpectedUtilization,
        RecoveryDays = RecoveryDays,
        ReportedOutputTonnesPerDay = ReportedOutputTonnesPerDay,
        InventoryTonnes = InventoryTonnes,
        Status = Status,
        ExpectedRecoveryDays = ExpectedRecoveryDays,
        FeedFresh = FeedFresh,
    };
}
