namespace Monitoring.Contracts;

// Resilience indicators of a commodity (DESIGN §7, docs/indicators.md). Records are the Orleans wire
// format: never reorder parameters; add new ones at the end.

public enum GapKind { Concentration = 1, SingleCountry = 2, Survivability = 3, Circularity = 4, SingleRoute = 5 }

public enum ProjectKind { NewNode = 1, Expansion = 2, NewLane = 3 }

[GenerateSerializer, Immutable, Alias("monitoring.ScoreWeights")]
public sealed record ScoreWeights(double Availability, double Diversification, double Survivability, double Circularity, double FeedHealth)
{
    public static ScoreWeights Default { get; } = new(0.30, 0.20, 0.30, 0.10, 0.10);

    public double Sum => Availability + Diversification + Survivability + Circularity + FeedHealth;
}

/// <summary>The composite score, 0–100, with every component (each 0–1).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ResilienceScore")]
public sealed record ResilienceScore(double Value, double Availability, double Diversification, double Survivability, double Circularity, double FeedHealth, ScoreWeights Weights);

[GenerateSerializer, Immutable, Alias("monitoring.CountryShare")]
public sealed record CountryShare(string Country, double Share, double CapacityTonnesPerDay);

[GenerateSerializer, Immutable, Alias("monitoring.StageIndicators")]
public sealed record StageIndicators(
    Stage Stage,
    int NodeCount,
    double CapacityTonnesPerDay,
    double AvailableTonnesPerDay,
    double AvailableRatio,
    double HhiCountry,
    string HhiBand,
    double HhiOperator,
    string TopCountry,
    double TopCountryShare,
    double PartnerShare,
    IReadOnlyList<CountryShare> Countries);

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

[GenerateSerializer, Immutable, Alias("monitoring.Gap")]
public sealed record Gap(GapKind Kind, Stage? Stage, string Subject, string Description, double LostVolumeTonnes, double Value, double Threshold);

[GenerateSerializer, Immutable, Alias("monitoring.CommodityIndicators")]
public sealed record CommodityIndicators(
    string Commodity,
    DateTimeOffset ComputedAt,
    ResilienceScore Score,
    IReadOnlyList<StageIndicators> Stages,
    double RecycledShare,
    IReadOnlyList<NodeExposure> Nodes,
    IReadOnlyList<Gap> Gaps,
    long TopologyVersion,
    IReadOnlyList<ScorePoint>? Trend = null);

/// <summary>The score at one moment (the recent trend of a commodity).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ScorePoint")]
public sealed record ScorePoint(DateTimeOffset At, double Value);

/// <summary>A what-if: these nodes and lanes down for <see cref="Days"/> days.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.StressScenario")]
public sealed record StressScenario(IReadOnlyList<string> NodeIds, IReadOnlyList<string> LaneIds, double Days);

[GenerateSerializer, Immutable, Alias("monitoring.StageLoss")]
public sealed record StageLoss(Stage Stage, double CapacityTonnesPerDay, double LostTonnesPerDay, double AvailableRatioDuring);

[GenerateSerializer, Immutable, Alias("monitoring.DownstreamImpact")]
public sealed record DownstreamImpact(
    string NodeId,
    string Name,
    double ShortfallStartsDay,
    double ShortfallTonnesPerDay,
    double InventoryTonnes,
    double? RunsOutDay,
    double ShortTonnes);

[GenerateSerializer, Immutable, Alias("monitoring.CommodityStress")]
public sealed record CommodityStress(string Commodity, IReadOnlyList<StageLoss> Stages, IReadOnlyList<DownstreamImpact> Downstream, double ScoreBefore, double ScoreDuring);

/// <summary>An investment that does not exist yet: a new node, an expansion of one, or a new lane.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.CandidateProject")]
public sealed record CandidateProject(
    string Id,
    string Name,
    ProjectKind Kind,
    string Commodity,
    Stage Stage,
    string Country,
    string Operator,
    double CapacityTonnesPerDay,
    double CostMillionUsd,
    double YearsToCommission,
    string? NodeId,
    string? FromNodeId,
    string? ToNodeId,
    double InventoryCapacityTonnes);

[GenerateSerializer, Immutable, Alias("monitoring.ProjectAppraisal")]
public sealed record ProjectAppraisal(
    CandidateProject Candidate,
    int RankByScore,
    int RankByCostEffectiveness,
    double ScoreBefore,
    double ScoreAfter,
    Stage Stage,
    double AvailableRatioDelta,
    double CapacityDeltaTonnesPerDay,
    double HhiDelta,
    double TopCountryShareDelta,
    double RecycledShareDelta,
    double LostVolumeDeltaTonnes,
    double LostTonnesAvoidedPerMillionUsd,
    IReadOnlyList<string> Notes)
{
    public double ScoreGain => ScoreAfter - ScoreBefore;
}

/// <summary>
/// What a node tells a commodity when its status or output changes (never per reading): its status for
/// that commodity, its output and inventory of it (null when not reported), the longest expected
/// duration of its open disruptions, and whether its feed is fresh. Newer versions replace older ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeCondition")]
public sealed record NodeCondition(
    string NodeId,
    long Version,
    OperationalStatus Status,
    double? OutputTonnesPerDay,
    double? InventoryTonnes,
    double? ExpectedRecoveryDays,
    bool FeedFresh);

/// <summary>What a lane tells its commodity when its status or the tonnage in transit changes.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.LaneCondition")]
public sealed record LaneCondition(string LaneId, long Version, OperationalStatus Status, double InTransitTonnes);

/// <summary>The part of the topology one commodity grain watches.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.CommoditySlice")]
public sealed record CommoditySlice(
    CommoditySpec Commodity,
    IReadOnlyList<NodeSpec> Nodes,
    IReadOnlyList<LaneSpec> Lanes,
    IReadOnlyList<CandidateProject> Candidates,
    long TopologyVersion);
