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
