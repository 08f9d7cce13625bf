using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Metrics;
using Monitoring.Gateway.Security;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Api;

/// <summary>
/// MonitoringService: overview and drill-down (this file), disruptions and operator actions
/// (<c>.Disruptions.cs</c>), incidents and operator actions (<c>.Incidents.cs</c>), resilience indicators and what-ifs (<c>.Indicators.cs</c>), live events
/// (<c>.Watch.cs</c>), the reset of a feed (<c>.Feeds.cs</c>). Reading needs the viewer role (or provider, or admin); acting on a disruption or an
/// incident needs admin. Invalid requests get INVALID_ARGUMENT with a google.rpc.BadRequest naming each faulty field.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed partial class MonitoringGrpcService(
    IGrainFactory grains, SubjectRegistryCache registry, EventHub hub, GatewayMetrics metrics, IHostApplicationLifetime lifetime, TimeProvider time,
    IOptions<MetricsOptions> metricsOptions, SubscriberLimits subscriberLimits, Ingest.FeedActivityRecorder feeds, ILogger<MonitoringGrpcService> logger)
    : MonitoringService.MonitoringServiceBase
{
    public const int DefaultListLimit = 500;
    public const int MaxListLimit = 10_000;

    public override async Task<GetOverviewResponse> GetOverview(GetOverviewRequest request, ServerCallContext context)
    {
        var view = await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get();
        var feedsTask = grains.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey).List();
        var response = new GetOverviewResponse { TopologyVersion = (ulong)view.Version, GeneratedAt = ProtoMapping.ToTimestamp(time.GetUtcNow()) };
        if (view.Topology is { } topology)
        {
            response.TopologyName = topology.Name;
            response.NodeCount = (uint)topology.Nodes.Count;
            response.LaneCount = (uint)topology.Lanes.Count;
            var codes = topology.Commodities.Select(c => c.Code).ToList();
            var counts = await Task.WhenAll(codes.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).Count()));
            var incidentTallies = await Task.WhenAll(codes.Select(c => grains.GetGrain<IIncidentIndexGrain>(c).Tally()));
            var active = await ListAcrossCommodities(codes, Contracts.DisruptionQuery.Active with { Limit = MaxListLimit });
            response.OpenDisruptionCount = (uint)active.Count;
            response.OpenIncidentCount = (uint)(await ListIncidentsAcross(codes, Contracts.IncidentQuery.Active with { Limit = MaxListLimit })).Count;
            for (var i = 0; i < codes.Count; i++)
            {
                var commodity = topology.Commodities[i];
                response.Commodities.Add(new CommodityOverview
                {
                    Code = commodity.Code,
                    Name = commodity.Name,
                    NodeCount = (uint)topology.Nodes.Count(n => n.Commodities.Any(c => c.Commodity == commodity.Code)),
                    LaneCount = (uint)topology.Lanes.Count(l => l.Commodity == commodity.Code),
                    OpenDisruptionCount = (uint)counts[i].Active,
                    CriticalDisruptionCount = (uint)counts[i].Critical,
                    OpenIncidentCount = (uint)incidentTallies[i].Sum(t => t.Open),
                    CriticalIncidentCount = (uint)incidentTallies[i].Where(t => t.Severity == Contracts.Severity.Critical).Sum(t => t.Open),
                });
            }
        }
        var feeds = await feedsTask;
        response.Feeds.AddRange(feeds.Select(ProtoMapping.ToProto));
        response.ObservationsAccepted = (ulong)feeds.Sum(f => f.ObservationsAccepted);
        return response;
    }

    public override async Task<GetNodeResponse> GetNode(GetNodeRequest request, ServerCallContext context)
    {
        await RequireSubject(request.NodeId, Contracts.SubjectType.Node, "node_id");
        var snapshot = await grains.GetGrain<ISupplyNodeGrain>(request.NodeId).GetSnapshot();
        if (snapshot.Spec is null) throw NotInTopology("node", request.NodeId);
        return ProtoMapping.ToProto(snapshot);
    }

    public override async Task<GetLaneResponse> GetLane(GetLaneRequest request, ServerCallContext context)
    {
        await RequireSubject(request.LaneId, Contracts.SubjectType.Lane, "lane_id");
        var snapshot = await grains.GetGrain<IShipmentLaneGrain>(request.LaneId).GetSnapshot();
        if (snapshot.Spec is null) throw NotInTopology("lane", request.LaneId);
        return ProtoMapping.ToProto(snapshot);
    }

    private async Task<Contracts.TopologySpec> RequireTopology() =>
        (await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get()).Topology
        ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "no topology has been applied yet"));

    /// <summary>A valid id of a subject of the topology, of the type the field names.</summary>
    private async Task RequireSubject(string id, Contracts.SubjectType type, string field)
    {
        var what = type.ToString().ToLowerInvariant();
        if (!Contracts.Identifiers.IsValid(id)) throw GrpcErrors.InvalidField(field, $"'{id}' is not a valid {what} id (pattern {Contracts.Identifiers.Pattern})");
        var subjects = await registry.GetAsync();
        if (subjects.TypeOf(id) != type) throw NotInTopology(what, id);
    }

    /// <summary>A commodity code of the topology.</summary>
    private async Task<string> RequireCommodity(string commodity)
    {
        if (commodity.Length == 0) throw GrpcErrors.InvalidField("commodity", "commodity is required (a code such as cu)");
        var subjects = await registry.GetAsync();
        if (!subjects.Commodities.Contains(commodity))
            throw GrpcErrors.NotFound("commodity", commodity, $"commodity '{commodity}' is not in the topology (known: {string.Join(", ", subjects.Commodities)})");
        return commodity;
    }

    private static RpcException NotInTopology(string what, string id) => GrpcErrors.NotFound(what, id, $"{what} '{id}' is not in the topology");

    private static void CheckDefined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw GrpcErrors.InvalidField(field, $"{field} {Convert.ToInt32(value)} is not a defined value");
    }
}
