using System.Net.Http.Json;
using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A sequence far below what a feed has applied is refused, not taken for a duplicate, and an operator's reset lets the
/// feed number afresh (docs/api.md, "Sequences"; docs/runbook.md).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class FeedSequenceTests(GatewayFixture gateway)
{
    private static async Task<RpcException> Refused(FeedService.FeedServiceClient feed, PublishRequest batch) =>
        await Assert.ThrowsAsync<RpcException>(() => feed.PublishAsync(batch));

    [Fact]
    public async Task A_provider_that_restarts_its_numbering_is_refused_with_the_feed_s_highest_sequence_and_nothing_applies()
    {
        Assert.False(Assert.Single(await gateway.Feed.PublishAsync(Batch("seq-restart", 1_000, Output("seq.mine", 700)))).Duplicate);
        var before = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "seq.mine" });

        var error = await Refused(gateway.Feed, Batch("seq-restart", 5, Output("seq.mine", 10)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("continue from 1001", error.Status.Detail);
        Assert.Contains("/api/v1/feeds/seq-restart:reset", error.Status.Detail);
        Assert.Equal("5", error.Trailers.GetValue("monitoring-sequence"));
        Assert.Equal("1000", error.Trailers.GetValue("monitoring-feed-highest"));
        Assert.Equal(before, await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "seq.mine" }));
    }

    [Fact]
    public async Task A_resend_inside_the_window_is_still_acked_as_duplicate()
    {
        await gateway.Feed.PublishAsync(Batch("seq-resend", 500, Output("seq.port", 700, metric: Metric.HandledTpd)), Batch("seq-resend", 501, Output("seq.port", 710, metric: Metric.HandledTpd)));

        var resent = await gateway.Feed.PublishAsync(Batch("seq-resend", 500, Output("seq.port", 700, metric: Metric.HandledTpd)));

        Assert.True(Assert.Single(resent).Duplicate);
    }

    [Fact]
    public async Task After_an_operator_resets_the_feed_its_provider_numbers_afresh_and_the_batches_apply()
    {
        await gateway.Feed.PublishAsync(Batch("seq-reset", 2_000, Output("seq.plant", 300)));
        var applied = (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "seq.plant" })).ObservationsApplied;
        await Refused(gateway.Feed, Batch("seq-reset", 1, Output("seq.plant", 310)));

        // Over the JSON route, as an operator would from the runbook.
        using var response = await gateway.AdminHttp.PostAsJsonAsync("/api/v1/feeds/seq-reset:reset", new { note = "provider restarted its numbering" });
        response.EnsureSuccessStatusCode();
        var reset = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var ack = Assert.Single(await gateway.Feed.PublishAsync(Batch("seq-reset", 1, Output("seq.plant", 310))));

        Assert.Equal((2000UL, 1), (reset.GetProperty("previous_highest").GetUInt64(), reset.GetProperty("epoch").GetInt32()));
        Assert.Equal((false, 1U), (ack.Duplicate, ack.Accepted));
        Assert.Equal(applied + 1, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "seq.plant" })).ObservationsApplied);
    }

    [Fact]
    public async Task A_feed_whose_numbering_reached_the_last_sequence_is_refused_until_reset()
    {
        await gateway.Feed.PublishAsync(Batch("seq-max", ulong.MaxValue, Output("seq.mine", 700, metric: Metric.InventoryT)));

        var error = await Refused(gateway.Feed, Batch("seq-max", 1, Output("seq.mine", 710, metric: Metric.InventoryT)));
        Assert.Contains("numbering is used up", error.Status.Detail);

        var reset = await gateway.Monitoring.ResetFeedAsync(new ResetFeedRequest { FeedId = "seq-max" }, GatewayFixture.Admin);
        Assert.Equal(ulong.MaxValue, reset.PreviousHighest);
        Assert.False(Assert.Single(await gateway.Feed.PublishAsync(Batch("seq-max", 1, Output("seq.mine", 710, metric: Metric.InventoryT)))).Duplicate);
    }

    [Fact]
    public async Task A_stream_opened_before_a_reset_is_told_to_reconnect_where_the_new_epoch_has_arrived()
    {
        using var old = gateway.Feed.Publish(deadline: DateTime.UtcNow.AddSeconds(30));
        await old.RequestStream.WriteAsync(Batch("seq-epoch", 1, Output("seq.port", 500, metric: Metric.InventoryT)));
        Assert.True(await old.ResponseStream.MoveNext());

        await gateway.Monitoring.ResetFeedAsync(new ResetFeedRequest { FeedId = "seq-epoch", Note = "test" }, GatewayFixture.Admin);
        Assert.False(Assert.Single(await gateway.Feed.PublishAsync(Batch("seq-epoch", 1, Output("seq.port", 510, metric: Metric.InventoryT)))).Duplicate);

        // The old stream's next batch reaches the port, which now holds the feed's new epoch: the subject refuses it,
        // and the publisher is told to reconnect (ABORTED is worth a retry); on a new stream the batch applies.
        var second = Batch("seq-epoch", 2, Output("seq.port", 520, metric: Metric.InventoryT));
        await old.RequestStream.WriteAsync(second);
        var error = await Assert.ThrowsAsync<RpcException>(() => old.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("batch 2: feed 'seq-epoch' was reset by an operator since this stream opened; reconnect and resend from sequence 2", error.Status.Detail);
        Assert.Equal("2", error.Trailers.GetValue("monitoring-sequence"));
        Assert.Equal(510, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "seq.port" })).Metrics.Single(m => m.Metric == Metric.InventoryT).Latest);
        Assert.False(Assert.Single(await gateway.Feed.PublishAsync(second)).Duplicate);
        Assert.Equal(520, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "seq.port" })).Metrics.Single(m => m.Metric == Metric.InventoryT).Latest);
    }

    [Fact]
    public async Task A_reset_must_name_a_valid_feed_id()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.ResetFeedAsync(new ResetFeedRequest { FeedId = "Not A Feed" }, GatewayFixture.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("feed_id", bad.Status.Detail);
    }
}
