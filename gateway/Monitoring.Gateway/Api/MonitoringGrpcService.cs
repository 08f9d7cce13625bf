using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Indicators;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Metrics;
using Monitoring.Gateway.Security;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Api;

/// <summary>
/// MonitoringService: overview, drill-down, disruptions, resilience indicators, what-ifs and live
/// events. Reading needs the viewer role (or provider, or admin); acting on a disruption needs admin.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class MonitoringGrpcService(IGrainFactory grains, SubjectRegistryCache registry, EventHub hub, GatewayMetrics metrics, IHostApplicationLifetime lifetime, TimeProvider time)
    : MonitoringService.MonitoringServiceBase
{
    public const int DefaultListLimit = 500;
    public const int MaxListLimit = 10_000;
    public const int MaxNoteLength = 1_000;
    public const int MaxActorLength = 100;
    public const double MaxStressDays = 3650;
    public const int MaxStressSubjects = 1_000;

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
            var active = await ListAcrossCommodities(codes, Contracts.DisruptionQuery.Active with { Limit = MaxListLimit });
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
        await RequireSubject(request.NodeId, Contracts.SubjectType.Node, "node");
        var snapshot = await grains.GetGrain<ISupplyNodeGrain>(request.NodeId).GetSnapshot();
        if (snapshot.Spec is null) throw NotFound("node", request.NodeId);
        return ProtoMapping.ToProto(snapshot);
    }

    public override async Task<GetLaneResponse> GetLane(GetLaneRequest request, ServerCallContext context)
    {
        await RequireSubject(request.LaneId, Contracts.SubjectType.Lane, "lane");
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

    public override async Task<GetIndicatorsResponse> GetIndicators(GetIndicatorsRequest request, ServerCallContext context)
    {
        var commodity = await RequireCommodity(request.Commodity);
        var indicators = await grains.GetGrain<ICommodityGrain>(commodity).GetIndicators();
        return new GetIndicatorsResponse { Indicators = ProtoMapping.ToProto(indicators) };
    }

    public override async Task<ListGapsResponse> ListGaps(ListGapsRequest request, ServerCallContext context)
    {
        var commodity = await RequireCommodity(request.Commodity);
        var indicators = await grains.GetGrain<ICommodityGrain>(commodity).GetIndicators();
        var response = new ListGapsResponse();
        response.Gaps.AddRange(indicators.Gaps.Take(request.Limit == 0 ? int.MaxValue : (int)Math.Min(request.Limit, int.MaxValue)).Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task<RunStressTestResponse> RunStressTest(RunStressTestRequest request, ServerCallContext context)
    {
        if (!double.IsFinite(request.Days) || request.Days <= 0 || request.Days > MaxStressDays)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"days must be more than 0 and at most {MaxStressDays} (got {request.Days.ToString(CultureInfo.InvariantCulture)})"));
        if (request.NodeIds.Count + request.LaneIds.Count == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "name at least one node (node_ids) or lane (lane_ids) to take down"));
        if (request.NodeIds.Count + request.LaneIds.Count > MaxStressSubjects)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"at most {MaxStressSubjects} nodes and lanes in one stress test"));
        var subjects = await registry.GetAsync();
        var problems = new List<string>();
        void Check(IReadOnlyList<string> ids, string field, Contracts.SubjectType type)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (subjects.TypeOf(ids[i]) != type) problems.Add($"{field}[{i}]: '{ids[i]}' is not a {type.ToString().ToLowerInvariant()} of the topology");
            }
        }
        Check(request.NodeIds, "node_ids", Contracts.SubjectType.Node);
        Check(request.LaneIds, "lane_ids", Contracts.SubjectType.Lane);
        if (problems.Count > 0) throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("\n", problems)));

        var topology = await RequireTopology();
        var nodeIds = request.NodeIds.Distinct(StringComparer.Ordinal).ToList();
        var laneIds = request.LaneIds.Distinct(StringComparer.Ordinal).ToList();
        var touched = topology.Nodes.Where(n => nodeIds.Contains(n.Id)).SelectMany(n => n.Commodities.Select(c => c.Commodity))
            .Concat(topology.Lanes.Where(l => laneIds.Contains(l.Id)).Select(l => l.Commodity))
            .ToHashSet(StringComparer.Ordinal);
        var scenario = new Contracts.StressScenario(nodeIds, laneIds, request.Days);
        var results = await Task.WhenAll(topology.Commodities.Where(c => touched.Contains(c.Code))
            .Select(c => grains.GetGrain<ICommodityGrain>(c.Code).RunStressTest(scenario)));
        var response = new RunStressTestResponse { Days = request.Days };
        response.Commodities.AddRange(results.Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task<RankProjectsResponse> RankProjects(RankProjectsRequest request, ServerCallContext context)
    {
        var topology = await RequireTopology();
        IReadOnlyList<Contracts.CandidateProject> candidates = topology.Candidates ?? [];
        if (request.Candidates.Count > 0)
        {
            candidates = request.Candidates.Select(c => CandidateRules.Complete(ProtoMapping.ToDomain(c), topology)).ToList();
            var issues = CandidateRules.Validate(candidates, topology);
            if (issues.Count > 0)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"candidates are invalid ({issues.Count} problem{(issues.Count == 1 ? "" : "s")}):\n" + string.Join("\n", issues.Select(i => i.Format()))));
        }
        var appraisals = await Task.WhenAll(candidates.GroupBy(c => c.Commodity).Select(g => grains.GetGrain<ICommodityGrain>(g.Key).AppraiseProjects(g.ToList())));
        var response = new RankProjectsResponse();
        response.Appraisals.AddRange(ProjectAppraiser.Rank(appraisals.SelectMany(a => a)).Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<MonitoringEvent> responseStream, ServerCallContext context)
    {
        CheckDefined(request.MinSeverity, "min_severity");
        var filter = EventFilter.From(request.Commodities, request.SubjectIds,
            request.MinSeverity == Severity.Unspecified ? null : (Contracts.Severity)request.MinSeverity);

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

    [Authorize(Policy = Policies.Operate)]
    public override async Task<AcknowledgeDisruptionResponse> AcknowledgeDisruption(AcknowledgeDisruptionRequest request, ServerCallContext context)
    {
        var disruption = await ActAsync(request.DisruptionId, request.Actor, context.GetHttpContext().User, request.Note,
            (node, actor, note) => node.Acknowledge(request.DisruptionId, actor, note),
            (lane, actor, note) => lane.Acknowledge(request.DisruptionId, actor, note));
        // Only the first acknowledgement counts for time to acknowledge: this call made it when the first
        // ACKNOWLEDGED entry of the history is its newest (a later one, or a severity change, adds after it).
        var first = disruption.History.FirstOrDefault(h => h.State == DisruptionState.Acknowledged);
        if (first is not null && ReferenceEquals(first, disruption.History[^1])) metrics.DisruptionAcknowledged(first.At.ToDateTimeOffset() - disruption.OpenedAt.ToDateTimeOffset());
        return new AcknowledgeDisruptionResponse { Disruption = disruption };
    }

    [Authorize(Policy = Policies.Operate)]
    public override async Task<ResolveDisruptionResponse> ResolveDisruption(ResolveDisruptionRequest request, ServerCallContext context)
    {
        var disruption = await ActAsync(request.DisruptionId, request.Actor, context.GetHttpContext().User, request.Note,
            (node, actor, note) => node.Resolve(request.DisruptionId, actor, note),
            (lane, actor, note) => lane.Resolve(request.DisruptionId, actor, note));
        return new ResolveDisruptionResponse { Disruption = disruption };
    }

    /// <summary>Routes an operator action to the node or lane that owns the disruption and maps its outcome to a status.</summary>
    private async Task<Disruption> ActAsync(
        string disruptionId,
        string requestedActor,
        ClaimsPrincipal user,
        string note,
        Func<ISupplyNodeGrain, string, string, Task<Contracts.DisruptionActionResult>> onNode,
        Func<IShipmentLaneGrain, string, string, Task<Contracts.DisruptionActionResult>> onLane)
    {
        if (string.IsNullOrWhiteSpace(note)) throw new RpcException(new Status(StatusCode.InvalidArgument, "a note is required: say why, for the history"));
        if (note.Length > MaxNoteLength) throw new RpcException(new Status(StatusCode.InvalidArgument, $"note is longer than {MaxNoteLength} characters"));
        if (requestedActor.Length > MaxActorLength) throw new RpcException(new Status(StatusCode.InvalidArgument, $"actor is longer than {MaxActorLength} characters"));
        var actor = AuthExtensions.ActorOf(user, requestedActor);
        var subject = Contracts.Identifiers.SubjectOfDisruption(disruptionId);
        var subjects = await registry.GetAsync();
        var result = subject is null ? null : subjects.TypeOf(subject) switch
        {
            Contracts.SubjectType.Node => await onNode(grains.GetGrain<ISupplyNodeGrain>(subject), actor, note),
            Contracts.SubjectType.Lane => await onLane(grains.GetGrain<IShipmentLaneGrain>(subject), actor, note),
            _ => null,
        };
        return result?.Outcome switch
        {
            Contracts.DisruptionActionOutcome.Done => ProtoMapping.ToProto(result.Disruption!),
            Contracts.DisruptionActionOutcome.NotAllowed => throw new RpcException(new Status(StatusCode.FailedPrecondition, result.Message)),
            _ => throw new RpcException(new Status(StatusCode.NotFound, result?.Message ?? $"no disruption '{disruptionId}'")),
        };
    }

    private async Task<IReadOnlyList<Contracts.Disruption>> ListAcrossCommodities(IReadOnlyList<string> commodities, Contracts.DisruptionQuery query)
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

    private async Task<string> RequireCommodity(string commodity)
    {
        if (commodity.Length == 0) throw new RpcException(new Status(StatusCode.InvalidArgument, "commodity is required (a code such as cu)"));
        var subjects = await registry.GetAsync();
        if (!subjects.Commodities.Contains(commodity))
            throw new RpcException(new Status(StatusCode.NotFound, $"commodity '{commodity}' is not in the topology (known: {string.Join(", ", subjects.Commodities)})"));
        return commodity;
    }

    private async Task<Contracts.TopologySpec> RequireTopology() =>
        (await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get()).Topology
        ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "no topology has been applied yet"));

    private async Task RequireSubject(string id, Contracts.SubjectType type, string what)
    {
        if (!Contracts.Identifiers.IsValid(id))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{id}' is not a valid {what} id (pattern {Contracts.Identifiers.Pattern})"));
        var subjects = await registry.GetAsync();
        if (subjects.TypeOf(id) != type) throw NotFound(what, id);
    }

    private static RpcException NotFound(string what, string id) => new(new Status(StatusCode.NotFound, $"{what} '{id}' is not in the topology"));

    private static void CheckDefined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} {Convert.ToInt32(value)} is not a defined value"));
    }
}
