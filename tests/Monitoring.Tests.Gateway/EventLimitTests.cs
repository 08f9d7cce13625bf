using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Gateway.Events;

namespace Monitoring.Tests.Gateway;

/// <summary>Live-event subscriptions per caller are capped (Events:MaxSubscriptionsPerCaller, 50) and the gateway keeps answering.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EventLimitTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Three_hundred_event_streams_from_one_key_are_capped_while_health_answers()
    {
        using var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.StreamViewerKey);
        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead)));
        try
        {
            Assert.Equal(new EventOptions().MaxSubscriptionsPerCaller, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
            Assert.Contains("Events:MaxSubscriptionsPerCaller", await refused[0].Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);

            // Watch counts against the same caller.
            var watch = new MonitoringService.MonitoringServiceClient(gateway.Channel).Watch(new WatchRequest(), GatewayFixture.Bearer(GatewayFixture.StreamViewerKey));
            var error = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }

        // Closed streams give their places back.
        using var again = await Poll.UntilAsync(async () =>
        {
            var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.OK) return response;
            response.Dispose();
            return null;
        }, TimeSpan.FromSeconds(30), "a place given back by the closed streams");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public void Connections_to_the_gateway_are_capped_from_its_settings()
    {
        var limits = gateway.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal((10_000L, 10_000L), (limits.MaxConcurrentConnections, limits.MaxConcurrentUpgradedConnections));
    }
}
