using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Api;

/// <summary>MonitoringService: listing disruptions, and the operator's acknowledge and resolve.</summary>
public sealed partial class MonitoringGrpcService
{
    public const int MaxNoteLength = 1_000;
    public const int MaxActorLength = 100;

    public override async Task<ListDisruptionsResponse> ListDisruptions(ListDisruptionsRequest request, ServerCallContext context)
    {
        CheckDefined(request.State, "state");
        CheckDefined(request.Severity, "severity");
        CheckDefined(request.Kind, "kind");
        var query = ProtoMapping.ToDomain(request, DefaultListLimit, MaxListLimit);
        var response = new ListDisruptionsResponse();
        response.Disruptions.AddRange((await ListAcrossCommodities(await CommoditiesToList(request.Commodity), query)).Select(ProtoMapping.ToProto));
        return response;
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
        CheckAction(("note", note, true), requestedActor);
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
            _ => throw GrpcErrors.NotFound("disruption", disruptionId, result?.Message ?? $"no disruption '{disruptionId}'"),
        };
    }

    /// <summary>
    /// An operator's text fields: each (a note, an owner) required when marked, and not too long; the actor not too
    /// long. INVALID_ARGUMENT naming every faulty field.
    /// </summary>
    private static void CheckAction((string Field, string Value, bool Required) text, string requestedActor)
    {
        var violations = new List<FieldViolation>();
        if (text.Required && string.IsNullOrWhiteSpace(text.Value))
            violations.Add(new(text.Field, text.Field == "note" ? "a note is required: say why, for the history" : $"{text.Field} is required"));
        else if (text.Value.Length > MaxNoteLength) violations.Add(new(text.Field, $"{text.Field} is longer than {MaxNoteLength} characters"));
        if (requestedActor.Length > MaxActorLength) violations.Add(new("actor", $"actor is longer than {MaxActorLength} characters"));
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(string.Join("; ", violations.Select(v => v.Description)), violations);
    }

    /// <summary>The commodity a list request names (INVALID_ARGUMENT when the topology has no such commodity), or every one.</summary>
    private async Task<IReadOnlyList<string>> CommoditiesToList(string commodity)
    {
        var subjects = await registry.GetAsync();
        if (commodity.Length == 0) return subjects.Commodities;
        if (!subjects.Commodities.Contains(commodity))
            throw GrpcErrors.InvalidField("commodity", $"unknown commodity '{commodity}' (known: {string.Join(", ", subjects.Commodities)})");
        return [commodity];
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
}
