namespace Monitoring.Contracts.Grains;

/// <summary>
/// Resilience indicators of one commodity. Key: commodity code. Fed by node and lane condition changes
/// (never per reading); indicators are recomputed within a second of a change and published as an
/// INDICATORS_CHANGED event. Stress tests and project appraisal compute on a copy and change nothing.
/// </summary>
[Alias("monitoring.ICommodityGrain")]
public interface ICommodityGrain : IGrainWithStringKey
{
    [Alias("Configure")]
    Task Configure(CommoditySlice slice);

    [Alias("OnNodeChanged"), OneWay]
    Task OnNodeChanged(NodeCondition condition);

    [Alias("OnLaneChanged"), OneWay]
    Task OnLaneChanged(LaneCondition condition);

    [Alias("GetIndicators"), AlwaysInterleave]
    Task<CommodityIndicators> GetIndicators();

    /// <summary>The nodes of this commodity that are not operational (for the monitoring_nodes gauge).</summary>
    [Alias("GetNodeStatuses"), AlwaysInterleave]
    Task<IReadOnlyList<NodeStatus>> GetNodeStatuses();

    /// <summary>This commodity's part of an incident's impact: supply lost and days of cover downstream (docs/incidents.md).</summary>
    [Alias("AssessOutage"), AlwaysInterleave]
    Task<OutageAssessment> AssessOutage(OutageScope scope);

    /// <summary>Where a consumer country's supply of this commodity comes from, stage by stage (docs/indicators.md, "Sourcing").</summary>
    [Alias("GetSourcing"), AlwaysInterleave]
    Task<Sourcing> GetSourcing(string consumerCountry);

    [Alias("RunStressTest"), AlwaysInterleave]
    Task<CommodityStress> RunStressTest(StressScenario scenario);

    /// <summary>Appraises candidates of this commodity (null: the topology's); ranks are left 0 for the caller, who ranks across commodities.</summary>
    [Alias("AppraiseProjects"), AlwaysInterleave]
    Task<IReadOnlyList<ProjectAppraisal>> AppraiseProjects(IReadOnlyList<CandidateProject>? candidates);
}
