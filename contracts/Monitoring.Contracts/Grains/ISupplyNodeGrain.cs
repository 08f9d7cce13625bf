namespace Monitoring.Contracts.Grains;

/// <summary>A mine, refinery, port, plant, recycler or consumer. Key: node id.</summary>
[Alias("monitoring.ISupplyNodeGrain")]
public interface ISupplyNodeGrain : IGrainWithStringKey
{
    /// <summary>Sets or replaces the node's spec (called by the topology grain).</summary>
    [Alias("Configure")]
    Task Configure(NodeConfiguration configuration);

    /// <summary>Removes the node from service: it refuses observations and forgets its state.</summary>
    [Alias("Decommission")]
    Task Decommission(long topologyVersion);

    /// <summary>
    /// Applies one batch's observations for this node and runs detection in the same call; returns once
    /// the batch is stored (group commit, so it interleaves with every other call).
    /// </summary>
    [Alias("Apply"), AlwaysInterleave]
    Task<ApplyResult> Apply(SubjectBatch batch);

    [Alias("GetSnapshot"), ReadOnly]
    Task<NodeSnapshot> GetSnapshot();

    /// <summary>An inbound lane's impairment changed (UPSTREAM_EXPOSURE).</summary>
    [Alias("OnUpstreamChanged")]
    Task OnUpstreamChanged(string laneId, ImpairmentSignal signal);

    [Alias("Acknowledge")]
    Task<DisruptionActionResult> Acknowledge(string disruptionId, string actor, string note);

    [Alias("Resolve")]
    Task<DisruptionActionResult> Resolve(string disruptionId, string actor, string note);
}

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
