using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Topology;
using Monitoring.Gateway.Api;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Topology;

/// <summary>
/// TopologyService: apply (YAML or structured, validated with every problem listed; admin only) and read
/// the topology (viewer, provider or admin).
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class TopologyGrpcService(TopologyCommands commands, IOptions<TopologyLimits> limits, ILogger<TopologyGrpcService> logger)
    : TopologyService.TopologyServiceBase
{
    [Authorize(Policy = Policies.Operate)]
    public override async Task<ApplyTopologyResponse> ApplyTopology(ApplyTopologyRequest request, ServerCallContext context)
    {
        var topology = Parse(request);
        if (request.ValidateOnly)
        {
            var current = await commands.GetAsync();
            return Response(current.Version, topology, 0, 0, 0);
        }
        try
        {
            var result = await commands.ApplyAsync(topology);
            logger.LogInformation("topology '{Name}' applied as version {Version}: {Nodes} nodes, {Lanes} lanes ({Added} added, {Removed} removed)",
                topology.Name, result.Version, result.NodeCount, result.LaneCount, result.Added, result.Removed);
            return Response(result.Version, topology, result.Added, result.Updated, result.Removed);
        }
        catch (TopologyValidationException e)
        {
            throw Invalid(e.Errors, e.Errors.Select((error, i) => new FieldViolation(i < e.Fields.Count ? e.Fields[i] : "topology", error)).ToList());
        }
    }

    public override async Task<GetTopologyResponse> GetTopology(GetTopologyRequest request, ServerCallContext context)
    {
        var view = await commands.GetAsync();
        return new GetTopologyResponse
        {
            Version = (ulong)view.Version,
            Topology = view.Topology is null ? new Monitoring.Api.V1.Topology() : ProtoMapping.ToProto(view.Topology),
        };
    }

    private Contracts.TopologySpec Parse(ApplyTopologyRequest request)
    {
        switch (request.SourceCase)
        {
            case ApplyTopologyRequest.SourceOneofCase.Yaml:
                var loaded = TopologyYaml.Load(request.Yaml, request.SourceName.Length == 0 ? "topology.yaml" : request.SourceName, limits.Value);
                if (!loaded.Succeeded)
                {
                    logger.LogWarning("topology '{Source}' refused ({Count} problems), first: {Problem}", loaded.SourceName, loaded.Issues.Count, loaded.Issues[0].Format());
                    throw Invalid(loaded.Issues, loaded.SourceName);
                }
                return loaded.Topology!;
            case ApplyTopologyRequest.SourceOneofCase.Topology:
                var topology = ProtoMapping.ToDomain(request.Topology);
                var tooBig = TopologyValidator.CheckSize(topology, limits.Value);
                var issues = tooBig.Count > 0 ? tooBig : TopologyValidator.Validate(topology);
                if (issues.Count > 0) throw Invalid(issues, request.SourceName.Length == 0 ? null : request.SourceName);
                return topology;
            default:
                throw GrpcErrors.InvalidArgument("set either topology or yaml", [new("topology", "set either topology or yaml"), new("yaml", "set either topology or yaml")]);
        }
    }

    /// <summary>
    /// Every problem: the message lists them (file and line first, for YAML), the google.rpc.BadRequest names the
    /// field of each by its path in the topology document (docs/topology.md), for example nodes[2].country.
    /// </summary>
    private static RpcException Invalid(IReadOnlyList<string> problems, IReadOnlyList<FieldViolation> violations) =>
        GrpcErrors.InvalidArgument(GrpcErrors.Listing($"topology is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})", problems), violations);

    /// <summary>The message lists each problem with its position and path; each field violation names the path and says the rest.</summary>
    private static RpcException Invalid(IReadOnlyList<TopologyIssue> issues, string? sourceName) =>
        Invalid(issues.Select(i => i.Format(sourceName)).ToList(),
            issues.Select(i => new FieldViolation(i.Path.Length == 0 ? "topology" : i.Path, new TopologyIssue("", i.Message, i.Line, i.Column).Format(sourceName))).ToList());

    private static ApplyTopologyResponse Response(long version, Contracts.TopologySpec topology, int added, int updated, int removed) => new()
    {
        Version = (ulong)version,
        NodeCount = (uint)topology.Nodes.Count,
        LaneCount = (uint)topology.Lanes.Count,
        CommodityCount = (uint)topology.Commodities.Count,
        Added = (uint)added,
        Updated = (uint)updated,
        Removed = (uint)removed,
    };
}
