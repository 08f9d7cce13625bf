namespace Monitoring.Contracts.Grains;

/// <summary>A shipment route. Key: lane id.</summary>
[Alias("monitoring.IShipmentLaneGrain")]
public interface IShipmentLaneGrain : IGrainWithStringKey
{
    [Alias("Configure")]
    Task Configure(LaneConfiguration configuration);

    [Alias("Decommission")]
    Task Decommission(long topologyVersion);

    /// <summary>Applies a batch at once; returns once it is stored (group commit, so it interleaves with every other call).</summary>
    [Alias("Apply"), AlwaysInterleave]
    Task<ApplyResult> Apply(SubjectBatch batch);

    [Alias("GetSnapshot"), ReadOnly]
    Task<LaneSnapshot> GetSnapshot();

    /// <summary>The impairment of the lane's origin or destination node changed (LANE_BLOCKED).</summary>
    [Alias("OnEndpointChanged")]
    Task OnEndpointChanged(string nodeId, ImpairmentSignal signal);

    [Alias("Acknowledge")]
    Task<DisruptionActionResult> Acknowledge(string disruptionId, string actor, string note);

    [Alias("Resolve")]
    Task<DisruptionActionResult> Resolve(string disruptionId, string actor, string note);
}
