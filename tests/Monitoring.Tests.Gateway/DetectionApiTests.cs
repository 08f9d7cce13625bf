using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>The detection lifecycle through the public APIs: Watch, the event stream and operator actions.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DetectionApiTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Watch_sees_a_disruption_open_change_and_clear_in_order()
    {
        using var watch = gateway.Monitoring.Watch(new WatchRequest { SubjectIds = { "watch.mine" } });
        await watch.ResponseHeadersAsync;

        await gateway.Feed.PublishAsync(
            Batch("watch-feed", 1, Declare("watch.mine", "flood", Severity.Warning)),
            Batch("watch-feed", 2, Declare("watch.mine", "flood", Severity.Critical)),
            Batch("watch-feed", 3, Declare("watch.mine", "flood", clear: true)));

        var events = new List<MonitoringEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (events.Count < 3 && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            // The mine's incident comes on the same stream (its subject is watched); this is about the disruption.
            if (watch.ResponseStream.Current.Disruption is not null) events.Add(watch.ResponseStream.Current);
        }

        Assert.Equal([EventType.DisruptionOpened, EventType.DisruptionUpdated, EventType.DisruptionCleared], events.Select(e => e.Type));
        Assert.Single(events.Select(e => e.Disruption.Id).Distinct());
        Assert.Equal([1u, 2u, 3u], events.Select(e => e.Disruption.Version));
        Assert.Equal([Severity.Warning, Severity.Critical, Severity.Critical], events.Select(e => e.Disruption.Severity));

        // Each event that reached this gateway was timed from the batch that caused it.
        var metrics = await gateway.Http.GetStringAsync("/metrics");
        var count = metrics.Split('\n').Single(l => l.StartsWith("monitoring_detection_latency_seconds_count", StringComparison.Ordinal));
        Assert.True(double.Parse(count.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 3, count);
    }

    [Fact]
    public async Task Operators_acknowledge_and_resolve_over_json_and_the_history_says_who_and_why()
    {
        await gateway.Feed.PublishAsync(Batch("ops-feed", 1, Declare("ops.mine", "collapse", Severity.Critical)));
        var id = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "ops.mine", Kind = DisruptionKind.Declared })).Disruptions.Single().Id;

        var ack = await gateway.AdminHttp.PostAsJsonAsync($"/api/v1/disruptions/{id}:acknowledge", new { note = "mine rescue team informed", actor = "ops-desk" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        using (var body = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()))
        {
            Assert.Equal("DISRUPTION_STATE_ACKNOWLEDGED", body.RootElement.GetProperty("disruption").GetProperty("state").GetString());
        }

        var resolve = await gateway.AdminHttp.PostAsJsonAsync($"/api/v1/disruptions/{id}:resolve", new { note = "shaft reopened", actor = "ops-desk" });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        using var resolved = JsonDocument.Parse(await resolve.Content.ReadAsStringAsync());
        var history = resolved.RootElement.GetProperty("disruption").GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("state").GetString(), h.GetProperty("actor").GetString(), h.GetProperty("reason").GetString())).ToList();
        Assert.Equal(
            [("DISRUPTION_STATE_OPEN", "feed:ops-feed", "declared by provider"),
             ("DISRUPTION_STATE_ACKNOWLEDGED", "ops-desk (demo-admin)", "mine rescue team informed"),
             ("DISRUPTION_STATE_RESOLVED", "ops-desk (demo-admin)", "shaft reopened")],
            history);

        var listed = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "ops.mine", IncludeClosed = true })).Disruptions.Single(d => d.Id == id);
        Assert.Equal(DisruptionState.Resolved, listed.State);
    }

    [Fact]
    public async Task Operator_actions_that_cannot_apply_get_clear_errors()
    {
        await gateway.Feed.PublishAsync(Batch("ops-feed-2", 1, Declare("ops.plant", "fire", Severity.Warning)));
        var id = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "ops.plant", Kind = DisruptionKind.Declared })).Disruptions.Single().Id;
        await gateway.Monitoring.ResolveDisruptionAsync(new ResolveDisruptionRequest { DisruptionId = id, Note = "out" }, GatewayFixture.Admin);

        var twice = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.ResolveDisruptionAsync(new ResolveDisruptionRequest { DisruptionId = id, Note = "again" }, GatewayFixture.Admin).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = "ops.plant--declared-99", Note = "?" }, GatewayFixture.Admin).ResponseAsync);
        var noNote = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = id }, GatewayFixture.Admin).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains("already RESOLVED", twice.Status.Detail);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noNote.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await gateway.AdminHttp.PostAsJsonAsync("/api/v1/disruptions/nobody--declared-1:acknowledge", new { note = "x" })).StatusCode);
    }

    [Fact]
    public async Task Only_admins_act_on_disruptions_viewers_and_anonymous_callers_only_read()
    {
        await gateway.Feed.PublishAsync(Batch("ops-feed-3", 1, Declare("ops.port", "blockade", Severity.Warning)));
        var id = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "ops.port", Kind = DisruptionKind.Declared })).Disruptions.Single().Id;
        using var viewer = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayFixture.ViewerKey);

        var asViewer = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.AcknowledgeDisruptionAsync(
            new AcknowledgeDisruptionRequest { DisruptionId = id, Note = "seen" }, GatewayFixture.Bearer(GatewayFixture.ViewerKey)).ResponseAsync);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.AcknowledgeDisruptionAsync(
            new AcknowledgeDisruptionRequest { DisruptionId = id, Note = "seen" }).ResponseAsync);
        var wrongKey = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.ListDisruptionsAsync(
            new ListDisruptionsRequest(), GatewayFixture.Bearer("not-a-key")).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, asViewer.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, anonymous.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/disruptions/{id}:acknowledge", new { note = "seen" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/disruptions?subject_id=ops.port")).StatusCode);
        var still = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "ops.port" })).Disruptions.Single(d => d.Id == id);
        Assert.Equal(DisruptionState.Open, still.State);
    }

    [Fact]
    public async Task The_event_stream_delivers_disruption_events_as_server_sent_events()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events?subject_id=sse.port");
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": subscribed", await reader.ReadLineAsync());

        await gateway.Feed.PublishAsync(Batch("sse-feed", 1, Declare("sse.port", "swell", Severity.Warning)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // The first disruption event, in its three lines (the port's incident comes on the same stream too).
        var lines = new List<string>();
        while (lines.Count(l => l.StartsWith("data: ", StringComparison.Ordinal)) < 1)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line is not null && line.StartsWith("event: incident_", StringComparison.Ordinal))
            {
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(timeout.Token)))
                {
                }
            }
            else if (!string.IsNullOrEmpty(line))
            {
                lines.Add(line);
            }
        }
        Assert.Equal("event: disruption_opened", lines[0]);
        Assert.StartsWith("id: sse.port--declared-", lines[1]);
        using var data = JsonDocument.Parse(lines[2]["data: ".Length..]);
        Assert.Equal("sse.port", data.RootElement.GetProperty("disruption").GetProperty("subject_id").GetString());
        Assert.Equal("EVENT_TYPE_DISRUPTION_OPENED", data.RootElement.GetProperty("type").GetString());
    }
}
