using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Api;

/// <summary>MonitoringService: incidents (docs/incidents.md), listing, reading and the operator's actions on them.</summary>
public sealed partial class MonitoringGrpcService
{
    public override async Task<ListIncidentsResponse> ListIncidents(ListIncidentsRequest request, ServerCallContext context)
    {
        CheckDefined(request.MinSeverity, "min_severity");
        var query = IncidentMapping.ToDomain(request, DefaultListLimit, MaxListLimit);
        var response = new ListIncidentsResponse();
        response.Incidents.AddRange((await ListIncidentsAcross(await CommoditiesToList(request.Commodity), query)).Select(i => IncidentMapping.ToProto(i, detail: false)));
        return response;
    }

    public override async Task<GetIncidentResponse> GetIncident(GetIncidentRequest request, ServerCallContext context)
    {
        var grain = IncidentGrainOf(request.IncidentId);
        var incident = await grain.Get(request.IncidentId) ?? await FromIndexes(request.IncidentId) ?? throw IncidentNotFound(request.IncidentId);
        return new GetIncidentResponse { Incident = IncidentMapping.ToProto(incident, detail: true) };
    }

    [Authorize(Policy = Policies.Operate)]
    public override async Task<AcknowledgeIncidentResponse> AcknowledgeIncident(AcknowledgeIncidentRequest request, ServerCallContext context)
    {
        CheckAction(("note", request.Note, true), request.Actor);
        var actor = AuthExtensions.ActorOf(context.GetHttpContext().User, request.Actor);
        var result = await IncidentGrainOf(request.IncidentId).Acknowledge(request.IncidentId, actor, request.Note);
        return new AcknowledgeIncidentResponse { Incident = Outcome(result, request.IncidentId) };
    }

    [Authorize(Policy = Policies.Operate)]
    public override async Task<AssignIncidentResponse> AssignIncident(AssignIncidentRequest request, ServerCallContext context)
    {
        CheckAction(("owner", request.Owner, true), request.Actor);
        var actor = AuthExtensions.ActorOf(context.GetHttpContext().User, request.Actor);
        var result = await IncidentGrainOf(request.IncidentId).Assign(request.IncidentId, request.Owner.Trim(), actor);
        return new AssignIncidentResponse { Incident = Outcome(result, request.IncidentId) };
    }

    [Authorize(Policy = Policies.Operate)]
    public override async Task<AddIncidentNoteResponse> AddIncidentNote(AddIncidentNoteRequest request, ServerCallContext context)
    {
        CheckAction(("note", request.Note, true), request.Actor);
        var actor = AuthExtensions.ActorOf(context.GetHttpContext().User, request.Actor);
        var result = await IncidentGrainOf(request.IncidentId).AddNote(request.IncidentId, actor, request.Note);
        return new AddIncidentNoteResponse { Incident = Outcome(result, request.IncidentId) };
    }

    [Authorize(Policy = Policies.Operate)]
    public override async Task<ResolveIncidentResponse> ResolveIncident(ResolveIncidentRequest request, ServerCallContext context)
    {
        CheckAction(("note", request.Note, true), request.Actor);
        var actor = AuthExtensions.ActorOf(context.GetHttpContext().User, request.Actor);
        var result = await IncidentGrainOf(request.IncidentId).Resolve(request.IncidentId, actor, request.Note);
        return new ResolveIncidentResponse { Incident = Outcome(result, request.IncidentId) };
    }

    /// <summary>The grain of the incident's root subject; INVALID_ARGUMENT for an id that cannot be an incident's.</summary>
    private IIncidentGrain IncidentGrainOf(string incidentId)
    {
        var subject = IncidentId().Match(incidentId) is { Success: true } match ? match.Groups["subject"].Value : null;
        if (subject is null || !Contracts.Identifiers.IsValid(subject))
            throw GrpcErrors.InvalidField("incident_id", $"'{incidentId}' is not an incident id (<root subject id>--incident-<n>)");
        return grains.GetGrain<IIncidentGrain>(subject);
    }

    private static Incident Outcome(Contracts.IncidentActionResult result, string incidentId) => result.Outcome switch
    {
        Contracts.DisruptionActionOutcome.Done => IncidentMapping.ToProto(result.Incident!, detail: true),
        Contracts.DisruptionActionOutcome.NotAllowed => throw new RpcException(new Status(StatusCode.FailedPrecondition, result.Message)),
        _ => throw IncidentNotFound(incidentId),
    };

    /// <summary>
    /// A closed incident its subject no longer keeps (it keeps its last 20) may still be listed by its commodities
    /// (they keep more): their copy, without the timeline.
    /// </summary>
    private async Task<Contracts.Incident?> FromIndexes(string incidentId)
    {
        var subjects = await registry.GetAsync();
        var copies = await Task.WhenAll(subjects.Commodities.Select(c => grains.GetGrain<IIncidentIndexGrain>(c).Get(incidentId)));
        return copies.OfType<Contracts.Incident>().MaxBy(i => i.Version);
    }

    private static RpcException IncidentNotFound(string incidentId) => GrpcErrors.NotFound("incident", incidentId, $"no incident '{incidentId}'");

    private async Task<IReadOnlyList<Contracts.Incident>> ListIncidentsAcross(IReadOnlyList<string> commodities, Contracts.IncidentQuery query)
    {
        var lists = await Task.WhenAll(commodities.Select(c => grains.GetGrain<IIncidentIndexGrain>(c).List(query)));
        // An incident touching several commodities sits in several indexes: keep its newest version once.
        return Contracts.IncidentOrder.Sort(lists.SelectMany(l => l).GroupBy(i => i.Id).Select(g => g.MaxBy(i => i.Version)!))
            .Take(query.Limit)
            .ToList();
    }

    [GeneratedRegex("^(?<subject>.+)--incident-[1-9][0-9]{0,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentId();
}
