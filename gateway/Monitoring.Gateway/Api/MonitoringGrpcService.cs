using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Topology;
using Domain = Monitoring.Contracts;

namespace Monitoring.Gateway.Api;

/// <summary>MonitoringService: overview, drill-down, disruption listing and live events.</summary>
public sealed class MonitoringGrpcService(IGrainFactory grains, SubjectRegistryCache registry, EventHub hub, IHostApplicationLifetime lifetime, TimeProvider time)
    : MonitoringService.MonitoringServiceBase
{
    public const int DefaultListLimit = 500;
    public const int MaxListLimit = 10_000;
    public const int MaxNoteLength = 1_000;
    public const int MaxActorLength = 100;

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
            var active = await ListAcrossCommodities(codes, Domain.DisruptionQuery.Active with { Limit = MaxListLimit });
            response.OpenDisruptionCount = (uint)active.Count;
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
        await RequireSubject(request.NodeId, Domain.SubjectType.Node, "node");
        var snapshot = await grains.GetGrain<ISupplyNodeGrain>(request.NodeId).GetSnapshot();
        if (snapshot.Spec is null) throw NotFound("node", request.NodeId);
        return ProtoMapping.ToProto(snapshot);
    }

    public override async Task<GetLaneResponse> GetLane(GetLaneRequest request, ServerCallContext context)
    {
        await RequireSubject(request.LaneId, Domain.SubjectType.Lane, "lane");
        var snapshot = await grains.GetGrain<IShipmentLaneGrain>(request.LaneId).GetSnapshot();
        if (snapshot.Spec is null) throw NotFound("lane", request.LaneId);
        return ProtoMapping.ToProto(snapshot);
    }

    public override async Task<ListDisruptionsResponse> ListDisruptions(ListDisruptionsRequest request, ServerCallContext context)
    {
        CheckDefined(request.State, "state");
        CheckDefined(request.Severity, "severity");
        CheckDefined(request.Kind, "kind");
        var query = ProtoMapping.ToDomain(request, DefaultListLimit, MaxListLimit);
        var subjects = await registry.GetAsync();
        IReadOnlyList<string> commodities = subjects.Commodities;
        if (request.Commodity.Length > 0)
        {
            if (!subjects.Commodities.Contains(request.Commodity))
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"unknown commodity '{request.Commodity}' (known: {string.Join(", ", subjects.Commodities)})"));
            commodities = [request.Commodity];
        }
        var response = new ListDisruptionsResponse();
        response.Disruptions.AddRange((await ListAcrossCommodities(commodities, query)).Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<MonitoringEvent> responseStream, ServerCallContext context)
    {
        CheckDefined(request.MinSeverity, "min_severity");
        var filter = EventFilter.From(request.Commodities, request.SubjectIds,
            request.MinSeverity == Severity.Unspecified ? null : (Domain.Severity)request.MinSeverity);

        using var subscription = hub.Subscribe(filter.Wants);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        // Headers tell the client the subscription is live: every event after this point reaches it.
        await context.WriteResponseHeadersAsync([]);
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(watching.Token))
            {
                await responseStream.WriteAsync(ProtoMapping.ToProto(e), watching.Token);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the gateway is shutting down; reconnect to continue watching"));
        }
        catch (SlowConsumerException e)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
    }

    public override async Task<AcknowledgeDisruptionResponse> AcknowledgeDisruption(AcknowledgeDisruptionRequest request, ServerCallContext context)
    {
        var disruption = await ActAsync(request.DisruptionId, request.Actor, request.Note,
            (node, actor, note) => node.Acknowledge(request.DisruptionId, actor, note),
            (lane, actor, note) => lane.Acknowledge(request.DisruptionId, actor, note));
        return new AcknowledgeDisruptionResponse { Disruption = disruption };
    }

    public override async Task<ResolveDisruptionResponse> ResolveDisruption(ResolveDisruptionRequest request, ServerCallContext context)
    {
        var disruption = await ActAsync(request.DisruptionId, request.Actor, request.Note,
            (node, actor, note) => node.Resolve(request.DisruptionId, actor, note),
            (lane, actor, note) => lane.Resolve(request.DisruptionId, actor, note));
        return new ResolveDisruptionResponse { Disruption = disruption };
    }

    /// <summary>Routes an operator action to the node or lane that owns the disruption and maps its outcome to a status.</summary>
    private async Task<Disruption> ActAsync(
        string disruptionId,
        string actor,
        string note,
        Func<ISupplyNodeGrain, string, string, Task<Domain.DisruptionActionResult>> onNode,
        Func<IShipmentLaneGrain, string, string, Task<Domain.DisruptionActionResult>> onLane)
    {
        if (string.IsNullOrWhiteSpace(note)) throw new RpcException(new Status(StatusCode.InvalidArgument, "a note is required: say why, for the history"));
        if (note.Length > MaxNoteLength) throw new RpcException(new Status(StatusCode.InvalidArgument, $"note is longer than {MaxNoteLength} characters"));
        if (actor.Length > MaxActorLength) throw new RpcException(new Status(StatusCode.InvalidArgument, $"actor is longer than {MaxActorLength} characters"));
        var subject = Domain.Identifiers.SubjectOfDisruption(disruptionId);
        var subjects = await registry.GetAsync();
        var result = subject is null ? null : subjects.TypeOf(subject) switch
        {
            Domain.SubjectType.Node => await onNode(grains.GetGrain<ISupplyNodeGrain>(subject), Actor(actor), note),
            Domain.SubjectType.Lane => await onLane(grains.GetGrain<IShipmentLaneGrain>(subject), Actor(actor), note),
            _ => null,
        };
        return result?.Outcome switch
        {
            Domain.DisruptionActionOutcome.Done => ProtoMapping.ToProto(result.Disruption!),
            Domain.DisruptionActionOutcome.NotAllowed => throw new RpcException(new Status(StatusCode.FailedPrecondition, result.Message)),
            _ => throw new RpcException(new Status(StatusCode.NotFound, result?.Message ?? $"no disruption '{disruptionId}'")),
        };
    }

    /// <summary>Who acted, as recorded in the history (the authenticated principal once authentication is on).</summary>
    private static string Actor(string requested) => string.IsNullOrWhiteSpace(requested) ? "anonymous" : requested.Trim();

    private async Task<IReadOnlyList<Domain.Disruption>> ListAcrossCommodities(IReadOnlyList<string> commodities, Domain.DisruptionQuery query)
    {
        var lists = await Task.WhenAll(commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).List(query)));
        // A disruption of a multi-commodity node sits in several indexes: keep its newest version once.
        return lists.SelectMany(l => l)
            .GroupBy(d => d.Id)
            .Select(g => g.MaxBy(d => d.Version)!)
            .OrderByDescending(d => d.UpdatedAt)
            .Take(query.Limit)
            .ToList();
    }

    private async Task RequireSubject(string id, Domain.SubjectType type, string what)
    {
        if (!Domain.Identifiers.IsValid(id))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{id}' is not a valid {what} id (pattern {Domain.Identifiers.Pattern})"));
        var subjects = await registry.GetAsync();
        if (subjects.TypeOf(id) != type) throw NotFound(what, id);
    }

    private static RpcException NotFound(string what, string id) => new(new Status(StatusCode.NotFound, $"{what} '{id}' is not in the topology"));

    private static void CheckDefined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} {Convert.ToInt32(value)} is not a defined value"));
    }
}
