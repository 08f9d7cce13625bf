using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A gateway with port stars of its own: "star" (four mines into a port that ships to six plants a day away),
/// "act" (one mine, a port, two plants) and "sse" (one of each), so that each incident test sees exactly its incidents.
/// </summary>
public sealed class IncidentGatewayFixture : GatewayFixture
{
    public override Contracts.TopologySpec? InitialTopology
    {
        get
        {
            var star = Star("star", mines: 4, plants: 6);
            var act = Star("act", mines: 1, plants: 2);
            var sse = Star("sse", mines: 1, plants: 1);
            return star with { Nodes = [.. star.Nodes, .. act.Nodes, .. sse.Nodes], Lanes = [.. star.Lanes, .. act.Lanes, .. sse.Lanes] };
        }
    }

    private static Contracts.TopologySpec Star(string prefix, int mines, int plants)
    {
        var port = $"{prefix}.port";
        var mineIds = Enumerable.Range(1, mines).Select(i => $"{prefix}.mine{i}").ToList();
        var plantIds = Enumerable.Range(1, plants).Select(i => $"{prefix}.plant{i}").ToList();
        return TestTopologies.Chains() with
        {
            Nodes = [TestTopologies.Port(port), .. mineIds.Select(id => TestTopologies.Mine(id)), .. plantIds.Select(id => TestTopologies.Plant(id))],
            Lanes =
            [
                .. mineIds.Select(m => TestTopologies.Lane($"{m}-port", m, port, hours: 8)),
                .. plantIds.Select(p => TestTopologies.Lane($"{prefix}.port-{p[(prefix.Length + 1)..]}", port, p, hours: 24)),
            ],
        };
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IncidentGatewayCollection : ICollectionFixture<IncidentGatewayFixture>
{
    public const string Name = "incident gateway";
}

/// <summary>Incidents through the public APIs (docs/incidents.md): grouping, live impact, lifecycle and actions, events.</summary>
[Collection(IncidentGatewayCollection.Name)]
public sealed class IncidentApiTests(IncidentGatewayFixture gateway)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The strike stops the port's normal throughput, 2,000 t/d × 0.8 utilization = 1,600 t/d, all Chilean (a
    /// partner). Each plant loses a sixth, 266.7 t/d, from day 1 (a day's sailing); it holds half its 5,000 t
    /// storage, so it lasts until day 1 + 2,500 / 266.7 = 10.375: after the strike's 5 days.
    /// </summary>
    [Fact]
    public async Task A_declared_strike_at_a_port_with_many_lanes_is_one_incident_with_its_lanes_exposures_and_impact_and_clearing_the_report_clears_it()
    {
        await gateway.Feed.PublishAsync(Batch("star-feed", 1, Declare("star.port", "strike-1")));

        var incident = await Poll.UntilAsync(async () =>
        {
            var list = await gateway.Monitoring.ListIncidentsAsync(new ListIncidentsRequest { Commodity = "cu" });
            var star = list.Incidents.Where(i => i.RootSubjectId == "star.port").ToList();
            return star is [{ DisruptionCount: 17 } only] && only.Impact.AffectedNodes.Count == 6 ? only : null;
        }, Deadline, "one incident at star.port with its 10 blocked lanes, 6 exposures and impact");

        Assert.Equal("star.port--incident-1", incident.Id);
        Assert.Equal("Port workers' strike at Port star.port", incident.Title);
        Assert.Equal((Severity.Critical, IncidentState.Open, Cause.Strike), (incident.Severity, incident.State, incident.Cause));
        Assert.Equal(1600, incident.Impact.LostTpd, 6);
        Assert.Equal(1600, incident.Impact.LostTpdByCommodity["cu"], 6);
        Assert.Equal((1, 0), (incident.Impact.PartnerShare, incident.Impact.NonPartnerTpd));
        var plant = incident.Impact.AffectedNodes[0];
        Assert.Equal(1600 / 6.0, plant.ShortfallTpd, 6);
        Assert.Equal(10.375, plant.DaysOfCover, 3);
        Assert.False(plant.StockoutBeforeRecovery);
        var recovery = incident.Impact.ExpectedRecoveryAt.ToDateTimeOffset() - incident.OpenedAt.ToDateTimeOffset();
        Assert.InRange(recovery.TotalDays, 4.99, 5.01);

        var detail = (await gateway.Monitoring.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.Id })).Incident;
        Assert.Equal(1, detail.Members.Count(m => m.Root));
        Assert.Equal(10, detail.Members.Count(m => m.Kind == DisruptionKind.LaneBlocked));
        Assert.Equal(6, detail.Members.Count(m => m.Kind == DisruptionKind.UpstreamExposure));
        var active = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { Commodity = "cu" })).Disruptions;
        Assert.Equal(active.Where(d => d.SubjectId.StartsWith("star.", StringComparison.Ordinal)).Select(d => d.Id).Order(), detail.DisruptionIds.Order());
        var overview = await gateway.Monitoring.GetOverviewAsync(new GetOverviewRequest());
        Assert.True(overview.OpenIncidentCount * 4 < overview.OpenDisruptionCount, $"{overview.OpenIncidentCount} incidents for {overview.OpenDisruptionCount} disruptions");

        await gateway.Feed.PublishAsync(Batch("star-feed", 2, Declare("star.port", "strike-1", clear: true)));

        var cleared = await Poll.UntilAsync(async () =>
        {
            var current = (await gateway.Monitoring.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.Id })).Incident;
            return current.State == IncidentState.Cleared ? current : null;
        }, Deadline, "the incident to clear with its report");
        Assert.NotNull(cleared.ClearedAt);
        await Poll.UntilAsync(async () => !(await gateway.Monitoring.ListIncidentsAsync(new ListIncidentsRequest { Commodity = "cu" })).Incidents.Any(i => i.RootSubjectId == "star.port"),
            Deadline, "the cleared incident to leave the active list");
        Assert.Contains((await gateway.Monitoring.ListIncidentsAsync(new ListIncidentsRequest { IncludeClosed = true })).Incidents, i => i.Id == incident.Id);
    }

    [Fact]
    public async Task Operators_acknowledge_assign_annotate_and_resolve_an_incident_over_json_and_its_members_follow()
    {
        using var watch = gateway.Monitoring.Watch(new WatchRequest { SubjectIds = { "act.port" } });
        await watch.ResponseHeadersAsync;
        await gateway.Feed.PublishAsync(Batch("act-feed", 1, Declare("act.port", "strike-9")));
        var id = (await Poll.UntilAsync(async () =>
            (await gateway.Monitoring.ListIncidentsAsync(new ListIncidentsRequest())).Incidents.FirstOrDefault(i => i.RootSubjectId == "act.port" && i.DisruptionCount == 6),
            Deadline, "the incident at act.port with its members")).Id;

        var ack = await gateway.AdminHttp.PostAsJsonAsync($"/api/v1/incidents/{id}:acknowledge", new { note = "terminal operator called", actor = "ops-desk" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        using (var body = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()))
        {
            var incident = body.RootElement.GetProperty("incident");
            Assert.Equal("INCIDENT_STATE_ACKNOWLEDGED", incident.GetProperty("state").GetString());
            Assert.Equal("ops-desk (demo-admin)", incident.GetProperty("owner").GetString());
        }
        await Poll.UntilAsync(async () => (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "act.port" })).Disruptions
            is { Count: > 0 } root && root.All(d => d.State == DisruptionState.Acknowledged), Deadline, "the root cause to be acknowledged with its incident");

        Assert.Equal(HttpStatusCode.OK, (await gateway.AdminHttp.PostAsJsonAsync($"/api/v1/incidents/{id}:assign", new { owner = "logistics desk", actor = "ops-desk" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.AdminHttp.PostAsJsonAsync($"/api/v1/incidents/{id}:note", new { note = "rerouting via Mejillones", actor = "ana" })).StatusCode);
        var resolve = await gateway.AdminHttp.PostAsJsonAsync($"/api/v1/incidents/{id}:resolve", new { note = "strike called off", actor = "ops-desk" });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);

        using var json = JsonDocument.Parse(await gateway.Http.GetStringAsync($"/api/v1/incidents/{id}"));
        var resolved = json.RootElement.GetProperty("incident");
        Assert.Equal("INCIDENT_STATE_RESOLVED", resolved.GetProperty("state").GetString());
        Assert.Equal("logistics desk", resolved.GetProperty("owner").GetString());
        var actions = resolved.GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("actor").GetString(), e.GetProperty("text").GetString()))
            .Where(e => e.Item2 != "system")
            .ToList();
        Assert.Equal(
            [("acknowledged", "ops-desk (demo-admin)", "terminal operator called"),
             ("assigned", "ops-desk (demo-admin)", "assigned to logistics desk"),
             ("note", "ana (demo-admin)", "rerouting via Mejillones"),
             ("resolved", "ops-desk (demo-admin)", "strike called off")],
            actions);
        await Poll.UntilAsync(async () => (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "act.port", IncludeClosed = true })).Disruptions
            is { Count: > 0 } root && root.All(d => d.State == DisruptionState.Resolved), Deadline, "the root cause to be resolved with its incident");

        var events = new List<MonitoringEvent>();
        using var timeout = new CancellationTokenSource(Deadline);
        while (!events.Any(e => e.Type == EventType.IncidentResolved) && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            if (watch.ResponseStream.Current.Incident is { } i && i.Id == id) events.Add(watch.ResponseStream.Current);
        }
        Assert.Equal(EventType.IncidentOpened, events[0].Type);
        Assert.Equal(EventType.IncidentResolved, events[^1].Type);
        Assert.Equal(events.Select(e => e.Incident.Version).Order(), events.Select(e => e.Incident.Version));
        Assert.Empty(events.SelectMany(e => e.Incident.Timeline));
    }

    [Fact]
    public async Task Incident_actions_that_cannot_apply_get_clear_errors()
    {
        var malformed = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.GetIncidentAsync(new GetIncidentRequest { IncidentId = "star.port" }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.GetIncidentAsync(new GetIncidentRequest { IncidentId = "star.port--incident-999" }).ResponseAsync);
        var noNote = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Monitoring.AcknowledgeIncidentAsync(new AcknowledgeIncidentRequest { IncidentId = "star.port--incident-1" }, GatewayFixture.Admin).ResponseAsync);
        var noOwner = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Monitoring.AssignIncidentAsync(new AssignIncidentRequest { IncidentId = "star.port--incident-1", Owner = " " }, GatewayFixture.Admin).ResponseAsync);
        var badSeverity = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.ListIncidentsAsync(new ListIncidentsRequest { MinSeverity = (Severity)9 }).ResponseAsync);
        var badCommodity = await gateway.Http.GetAsync("/api/v1/incidents?commodity=unobtainium");

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.NotFound), (malformed.StatusCode, unknown.StatusCode));
        Assert.Contains("not an incident id", malformed.Status.Detail);
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument), (noNote.StatusCode, noOwner.StatusCode, badSeverity.StatusCode));
        Assert.Contains("a note is required", noNote.Status.Detail);
        Assert.Contains("owner is required", noOwner.Status.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, badCommodity.StatusCode);
        Assert.Contains("unknown commodity", await badCommodity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_stream_names_incident_events()
    {
        using var stream = await gateway.Http.GetStreamAsync("/api/v1/events?subject_id=sse.port");
        using var reader = new StreamReader(stream);
        await gateway.Feed.PublishAsync(Batch("sse-incident-feed", 1, Declare("sse.port", "strike-sse", Severity.Warning)));

        using var timeout = new CancellationTokenSource(Deadline);
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("event: incident_", StringComparison.Ordinal))
        {
        }
        Assert.NotNull(line);
        Assert.StartsWith("event: incident_", line);
        var id = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("id: sse.port--incident-1@", id);
        var data = (await reader.ReadLineAsync(timeout.Token))!;
        using var json = JsonDocument.Parse(data["data: ".Length..]);
        Assert.Equal("sse.port", json.RootElement.GetProperty("incident").GetProperty("root_subject_id").GetString());
        Assert.True(json.RootElement.GetProperty("incident").GetProperty("impact").TryGetProperty("lost_tpd", out _));
    }
}
