using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// Who may publish what (docs/security.md): providers publish to their own feeds, about the nodes and
/// lanes they own; viewers and anonymous callers not at all; admins anything.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PublishPermissionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_provider_publishes_to_its_own_feed_about_its_own_subjects_and_other_subjects_are_refused_one_by_one()
    {
        var ack = Assert.Single(await gateway.FeedAs(GatewayFixture.MineProviderKey).PublishAsync(
            Batch("test-mine-authz", 1, Output("authz.mine", 700), Output("authz.port", 1000, metric: Metric.HandledTpd), Output("authz.mine", 710))));

        Assert.Equal(2U, ack.Accepted);
        var refused = Assert.Single(ack.Rejected);
        Assert.Equal((1U, "PERMISSION_DENIED"), (refused.Index, refused.Code));
        Assert.Contains("authz.port", refused.Message);
        var port = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "authz.port" });
        Assert.Equal(0UL, port.ObservationsApplied);
    }

    [Theory]
    [InlineData(GatewayFixture.MineProviderKey, "test-port-authz")]
    [InlineData(GatewayFixture.MineProviderKey, "test-miners")]
    [InlineData(GatewayFixture.PortProviderKey, "test-port")]
    public async Task A_provider_may_not_publish_to_a_feed_it_does_not_own(string key, string feed)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.FeedAs(key).PublishAsync(Batch(feed, 1, Output("authz.mine", 700))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains(feed, error.Status.Detail);
    }

    [Fact]
    public async Task A_provider_limited_to_listed_feeds_publishes_to_them()
    {
        var ack = Assert.Single(await gateway.FeedAs(GatewayFixture.PortProviderKey).PublishAsync(Batch("harbour-authz", 1, Output("authz.port", 1200, metric: Metric.HandledTpd))));

        Assert.Equal(1U, ack.Accepted);
        Assert.Empty(ack.Rejected);
    }

    [Theory]
    [InlineData(null, StatusCode.PermissionDenied)] // the Development configuration lets anonymous callers read, not publish
    [InlineData(GatewayFixture.ViewerKey, StatusCode.PermissionDenied)]
    [InlineData("not-a-key", StatusCode.Unauthenticated)]
    public async Task Callers_without_a_provider_or_admin_key_cannot_publish(string? key, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.FeedAs(key).PublishAsync(Batch("test-mine-denied", 1, Output("authz.mine", 700))));

        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task An_admin_publishes_to_any_feed_about_any_subject()
    {
        var ack = Assert.Single(await gateway.FeedAs(GatewayFixture.AdminKey).PublishAsync(
            Batch("any-feed-authz", 1, Output("authz.mine", 720), Output("authz.port", 1100, metric: Metric.HandledTpd))));

        Assert.Equal(2U, ack.Accepted);
        Assert.Empty(ack.Rejected);
    }

    [Fact]
    public async Task A_batch_over_a_providers_rate_is_refused_with_resource_exhausted_and_a_retry_hint()
    {
        var observations = Enumerable.Range(0, 10).Select(i => Output("authz.plant", 400 + i, metric: Metric.ConsumptionTpd)).ToArray();

        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.FeedAs(GatewayFixture.SmallProviderKey).PublishAsync(Batch("test-plant", 1, observations)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("5 observations per second", error.Status.Detail);
        Assert.True(int.Parse(error.Trailers.GetValue("retry-after-ms")!) > 0);
        Assert.Equal("1", error.Trailers.GetValue("monitoring-sequence"));
    }

    [Fact]
    public async Task A_provider_over_its_stream_limit_is_refused_while_its_other_stream_stays_open()
    {
        var client = gateway.FeedAs(GatewayFixture.SmallProviderKey);
        using var open = client.Publish(deadline: DateTime.UtcNow.AddSeconds(30));
        await open.RequestStream.WriteAsync(Batch("test-plant-streams", 1, Output("authz.plant", 410, metric: Metric.ConsumptionTpd)));
        Assert.True(await open.ResponseStream.MoveNext(CancellationToken.None));

        // The second stream is refused as it opens, before anything is read: read its status, do not write
        // (a write racing the refusal can surface as CANCELLED instead of the status the server sent).
        using var second = client.Publish(deadline: DateTime.UtcNow.AddSeconds(30));
        var error = await Assert.ThrowsAsync<RpcException>(() => second.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("1 Publish streams open", error.Status.Detail);
        await open.RequestStream.CompleteAsync();
        Assert.False(await open.ResponseStream.MoveNext(CancellationToken.None));
    }

    /// <summary>An empty batch costs a batch of the budget: a stream of them is refused once the key's batches are spent.</summary>
    [Fact]
    public async Task Empty_batches_spend_the_batch_budget_and_are_refused_past_it()
    {
        using var call = gateway.FeedAs(GatewayFixture.BatchProviderKey).Publish(deadline: DateTime.UtcNow.AddSeconds(30));
        // One at a time, each ack read before the next is sent (a write racing the refusal would surface as CANCELLED).
        var acked = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            for (ulong sequence = 1; sequence <= 10; sequence++)
            {
                await call.RequestStream.WriteAsync(new PublishRequest { FeedId = "test-batch", Sequence = sequence });
                if (!await call.ResponseStream.MoveNext(CancellationToken.None)) break;
                acked++;
            }
        });

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("3 batches per second", error.Status.Detail);
        Assert.InRange(acked, 3, 9);
        Assert.Equal((acked + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Trailers.GetValue("monitoring-sequence"));
    }
}
