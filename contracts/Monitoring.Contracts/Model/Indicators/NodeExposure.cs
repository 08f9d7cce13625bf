namespace Monitoring.Contracts;

/// <summary>Time to survive against time to recover for one node; <see cref="TtsDays"/> null means unbounded (no shortfall).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeExposure")]
public sealed record NodeExposure(
    string NodeId,
    string Name,
    Stage Stage,
    string Country,
    OperationalStatus Status,
    double CapacityTonnesPerDay,
    double OutputTonnesPerDay,
    double ShortfallTonnesPerDay,
    double BufferTonnes,
    double? TtsDays,
    double TtrDays,
    bool Exposed,
    double LostVolumeTonnes,
    double Rei);
