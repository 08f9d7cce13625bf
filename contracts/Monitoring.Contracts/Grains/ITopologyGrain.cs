namespace Monitoring.Contracts.Grains;

/// <summary>The registry of commodities, nodes and lanes and the topology version. Key: "default".</summary>
[Alias("monitoring.ITopologyGrain")]
public interface ITopologyGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

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

/// <summary>A topology was refused; <see cref="Errors"/> lists every problem.</summary>
[GenerateSerializer, Alias("monitoring.TopologyValidationException")]
public sealed class TopologyValidationException : Exception
{
    public TopologyValidationException(IReadOnlyList<string> errors)
        : base($"topology is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}): " + string.Join("; ", errors.Take(20)))
    {
        Errors = errors;
    }

    [Id(0)]
    public IReadOnlyList<string> Errors { get; }
}
