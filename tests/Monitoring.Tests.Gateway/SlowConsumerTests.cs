using System.Net.Http.Headers;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.V1;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Topology;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// Consumers of live events over real connections that stop reading: a Watch stream and an event stream
/// (SSE). The gateway keeps at most its per-consumer buffer for each (plus what the transport holds), drops
/// them with a clear message once they fall that far behind, and goes on serving a consumer that reads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SlowConsumerTests(GatewayFixture gateway)
{
    private const int Events = 40_000;
    private const int Batch = 500;

    [Fact]
    public async Task Watch_and_event_stream_consumers_that_stop_reading_are_disconnected_while_a_reader_gets_every_event()
    {
        var hub = gateway.Services.GetRequiredService<EventHub>();
        var version = gateway.Services.GetRequiredService<SubjectRegistryCache>().Current.Version;
        using var stalledWatch = gateway.Monitoring.Watch(new WatchRequest(), GatewayFixture.Admin);
        await stalledWatch.ResponseHeadersAsync; // subscribed
        using var stalledSse = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        stalledSse.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.AdminKey);
        using var sse = await stalledSse.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(sse.IsSuccessStatusCode);
        using var reader = gateway.Monitoring.Watch(new WatchRequest(), GatewayFixture.Admin);
        await reader.ResponseHeadersAsync;
        // Each of the three subscribed before its response headers went out.
        var subscribed = hub.SubscriberCount;

        var received = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var reading = Task.Run(async () =>
        {
            // Only the injected events count: whatever else the cluster says meanwhile cannot hide a lost one.
            while (received < Events && await reader.ResponseStream.MoveNext(stop.Token))
            {
                if (reader.ResponseStream.Current.Type == EventType.TopologyChanged && (long)reader.ResponseStream.Current.TopologyVersion == version) Interlocked.Increment(ref received);
            }
        });

        // Events as the cluster delivers them to this gateway (a topology notice the registry already knows,
        // so nothing else reacts), in batches the reader keeps up with.
        for (var sent = 0; sent < Events; sent += Batch)
        {
            await hub.OnEvents(Enumerable.Range(0, Batch).Select(_ => new Contracts.MonitoringEvent(Contracts.MonitoringEventType.TopologyChanged, DateTimeOffset.UtcNow, null, version, null)).ToList());
            var expected = sent + Batch;
            await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref received) >= expected), TimeSpan.FromSeconds(30), $"the reading consumer to get {expected} events");
        }
        await reading;

        // The stalled consumers were dropped as soon as they fell a buffer behind: the hub no longer holds them.
        Assert.True(hub.SubscriberCount <= subscribed - 2, $"{hub.SubscriberCount} subscriptions left of {subscribed}");
        Assert.Equal(Events, received);

        // Reading at last, the stalled Watch gets what the transport held, then RESOURCE_EXHAUSTED.
        var late = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stalledWatch.ResponseStream.MoveNext(stop.Token)) late++;
        });
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("fell more than 1024 events behind", error.Status.Detail);
        Assert.InRange(late, 1, Events - 1);

        // The event stream ends with an error event saying why.
        var text = await sse.Content.ReadAsStringAsync(stop.Token);
        Assert.EndsWith("event: error\ndata: the event consumer fell more than 1024 events behind and was disconnected; reconnect to continue\n\n", text);
        Assert.True(CountOf(text, "event: topology_changed") < Events);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
