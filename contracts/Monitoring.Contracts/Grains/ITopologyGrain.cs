namespace Monitoring.Contracts.Grains;

/// <summary>The registry of commodities, nodes and lanes and the topology version. Key: "default".</summary>
[Alias("monitoring.ITopologyGrain")]
public interface ITopologyGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    /// <summary>Validates and applies a whole topology, configuring every node and lane grain.</summary>
    /// <exception cref="TopologyValidationException">The topology is invalid; nothing changed.</exception>
    [Alias("Apply")]
    Task<TopologyApplyResult> Apply(TopologySpec topology);

    // Reads interleave with a running Apply and see the topology in force until it has completed.

    [Alias("Get"), AlwaysInterleave]
    Task<TopologyView> Get();

    [Alias("GetRegistry"), AlwaysInterleave]
    Task<SubjectRegistry> GetRegistry();

    /// <summary>The version in force: cheap to poll, so callers fetch the registry only when it changed.</summary>
    [Alias("GetVersion"), AlwaysInterleave]
    Task<long> GetVersion();
}
