using System.Text.Json;
using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class IngestTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Declared_disruption_published_over_grpc_is_listed_watched_and_served_as_json()
    {
        using var watch = gateway.Monitoring.Watch(new WatchRequest { SubjectIds = { "watch.port" } });
        await watch.ResponseHeadersAsync;

        var ack = Assert.Single(await gateway.Feed.PublishAsync(Batch("port-authority", 1, Declare("watch.port", "strike-1"))));

        Assert.Equal((1UL, 1U, false, 1UL), (ack.Sequence, ack.Accepted, ack.Duplicate, ack.DurableSequence));
        Assert.Empty(ack.Rejected);

        var listed = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "watch.port" })).Disruptions;
        var disruption = Assert.Single(listed);
        Assert.Equal((DisruptionKind.Declared, Severity.Critical, DisruptionState.Open, Cause.Strike), (disruption.Kind, disruption.Severity, disruption.State, disruption.Cause));
        Assert.Equal("watch.port--declared-1", disruption.Id);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // The first disruption event (the port's incident comes on the same stream too).
        MonitoringEvent opened;
        do Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        while ((opened = watch.ResponseStream.Current).Disruption is null);
        Assert.Equal(EventType.DisruptionOpened, opened.Type);
        Assert.Equal(disruption.Id, opened.Disruption.Id);

        using var json = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?subject_id=watch.port"));
        var served = Assert.Single(json.RootElement.GetProperty("disruptions").EnumerateArray());
        Assert.Equal(disruption.Id, served.GetProperty("id").GetString());
        Assert.Equal("watch.port", served.GetProperty("subject_id").GetString());
        Assert.Equal("SEVERITY_CRITICAL", served.GetProperty("severity").GetString());
        Assert.Equal("DISRUPTION_KIND_DECLARED", served.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Output_drop_is_detected_from_measurements_in_the_batch_that_completes_it()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-3);
        var acks = await gateway.Feed.PublishAsync(
            Batch("mine-operator", 10, Output("e2e.mine", 150, t)),
            Batch("mine-operator", 11, Output("e2e.mine", 150, t.AddMinutes(1))),
            Batch("mine-operator", 12, Output("e2e.mine", 150, t.AddMinutes(2))));

        Assert.Equal([10UL, 11UL, 12UL], acks.Select(a => a.Sequence));
        var disruption = Assert.Single((await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "e2e.mine" })).Disruptions);
        Assert.Equal((DisruptionKind.OutputDrop, Severity.Critical), (disruption.Kind, disruption.Severity));
        var evidence = Assert.Single(disruption.Evidence);
        Assert.Equal(150 / 800.0, evidence.Value, 6);

        var node = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "e2e.mine" });
        Assert.Equal(OperationalStatus.Disrupted, node.Status);
        Assert.Equal(3UL, node.ObservationsApplied);
        Assert.Equal(3, node.Metrics.Single(m => m.Metric == Metric.OutputTpd).Points.Count);
    }

    /// <summary>Several feeds may report on one node (a provider and the demo simulator, say): each point names its feed.</summary>
    [Fact]
    public async Task Each_recent_point_of_a_series_names_the_feed_that_sent_it()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-2);
        await gateway.Feed.PublishAsync(Batch("feed-operator-a", 1, Output("feed.mine", 700, t, metric: Metric.InventoryT)));
        await gateway.Feed.PublishAsync(Batch("feed-operator-b", 1, Output("feed.mine", 710, t.AddMinutes(1), metric: Metric.InventoryT)));

        var node = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "feed.mine" });

        var points = node.Metrics.Single(m => m.Metric == Metric.InventoryT).Points;
        Assert.Equal([(700.0, "feed-operator-a"), (710.0, "feed-operator-b")], points.Select(p => (p.Value, p.FeedId)));
    }

    [Fact]
    public async Task Refusals_name_enum_values_as_the_proto_does_and_a_clear_of_an_unknown_report_is_refused_with_the_open_ones()
    {
        await gateway.Feed.PublishAsync(Batch("mine-operator-3", 1, Declare("names.port", "strike-2026-12")));

        var ack = Assert.Single(await gateway.Feed.PublishAsync(Batch("mine-operator-3", 2,
            Output("names.mine", -1),
            Declare("names.port", "strike-2026-21", clear: true),
            Output("names.mine", 640))));

        Assert.Equal(1U, ack.Accepted);
        Assert.Equal([(0U, "OUT_OF_RANGE"), (1U, "UNKNOWN_REPORT")], ack.Rejected.Select(r => (r.Index, r.Code)));
        Assert.StartsWith("METRIC_OUTPUT_TPD value -1 is outside 0..", ack.Rejected[0].Message);
        Assert.Contains("report_id 'strike-2026-21'", ack.Rejected[1].Message);
        Assert.Contains("open: 'strike-2026-12'", ack.Rejected[1].Message);
        var port = await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "names.port" });
        Assert.Contains(port.Disruptions, d => d.ReportId == "strike-2026-12" && d.State == DisruptionState.Open);
    }

    [Fact]
    public async Task Bad_observations_are_rejected_one_by_one_and_change_nothing()
    {
        var before = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "bad.mine" });

        var ack = Assert.Single(await gateway.Feed.PublishAsync(Batch("mine-operator-2", 1,
            Output("mine.unknown", 100),
            Output("bad.mine", double.NaN),
            Output("bad.mine", double.PositiveInfinity),
            Output("bad.mine", 100, DateTimeOffset.UtcNow.AddDays(2)),
            Output("bad.mine", 100, metric: (Metric)99),
            Declare("bad.mine", "r-1", severity: (Severity)7))));

        Assert.Equal(0U, ack.Accepted);
        Assert.Equal(
            [(0U, "UNKNOWN_SUBJECT"), (1U, "NOT_FINITE"), (2U, "NOT_FINITE"), (3U, "TIMESTAMP_IN_FUTURE"), (4U, "UNKNOWN_ENUM"), (5U, "UNKNOWN_ENUM")],
            ack.Rejected.Select(r => (r.Index, r.Code)));
        Assert.All(ack.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        var after = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "bad.mine" });
        Assert.Equal(before, after);
        Assert.Empty(after.Disruptions);
    }

    [Fact]
    public async Task Valid_observations_apply_even_when_others_in_the_batch_are_rejected()
    {
        var ack = Assert.Single(await gateway.Feed.PublishAsync(Batch("port-authority-2", 1,
            Output("bad.port", 1500, metric: Metric.HandledTpd),
            Output("bad.port", -3, metric: Metric.HandledTpd))));

        Assert.Equal(1U, ack.Accepted);
        Assert.Equal((1U, "OUT_OF_RANGE"), (Assert.Single(ack.Rejected).Index, ack.Rejected[0].Code));
        Assert.Equal(1500, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "bad.port" })).Metrics.Single().Latest);
    }

    [Fact]
    public async Task Resending_an_acked_batch_is_acked_as_duplicate_and_changes_nothing()
    {
        var batch = Batch("dup-feed", 77, Output("dup.mine", 700), Declare("dup.port", "r-77"));
        var first = Assert.Single(await gateway.Feed.PublishAsync(batch));
        var node = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "dup.mine" });
        var port = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "dup.port" });

        // As after a reconnect: a new stream that starts with the last batch sent.
        var resent = Assert.Single(await gateway.Feed.PublishAsync(batch));

        Assert.False(first.Duplicate);
        Assert.True(resent.Duplicate);
        Assert.Equal(first.Accepted, resent.Accepted);
        Assert.Equal(node, await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "dup.mine" }));
        Assert.Equal(port, await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "dup.port" }));
        Assert.Single((await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "dup.port" })).Disruptions);
    }

    [Fact]
    public async Task Empty_feed_id_ends_the_stream_with_invalid_argument_after_acking_the_batches_before_it()
    {
        using var call = gateway.Feed.Publish(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(Batch("stream-feed", 5, Output("stream.mine", 700)));
        await call.RequestStream.WriteAsync(Batch("", 6, Output("stream.mine", 710)));

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(5UL, call.ResponseStream.Current.Sequence);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("batch 6: feed_id is required", error.Status.Detail);
        Assert.Equal("6", error.Trailers.GetValue("monitoring-sequence"));
        Assert.Equal(1UL, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "stream.mine" })).ObservationsApplied);
    }

    [Fact]
    public async Task A_sequence_gap_on_a_stream_is_refused()
    {
        using var call = gateway.Feed.Publish(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(Batch("stream-feed-2", 1, Output("stream.port", 700, metric: Metric.HandledTpd)));
        await call.RequestStream.WriteAsync(Batch("stream-feed-2", 3, Output("stream.port", 700, metric: Metric.HandledTpd)));

        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("sequence 3 follows 1", error.Status.Detail);
    }

    [Fact]
    public async Task Readings_of_one_stream_reach_a_node_in_the_order_sent()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var batches = Enumerable.Range(0, 40)
            .Select(i => Batch("order-feed", (ulong)(100 + i), Output("stream.plant", 300 + i, start.AddSeconds(i))))
            .ToArray();

        var acks = await gateway.Feed.PublishAsync(batches);

        Assert.Equal(batches.Select(b => b.Sequence), acks.Select(a => a.Sequence));
        var series = (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "stream.plant" })).Metrics.Single();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => 300.0 + i), series.Points.Select(p => p.Value).TakeLast(40));
        Assert.Equal(339, series.Latest);
    }

    [Fact]
    public async Task Feed_publisher_fails_over_to_the_next_gateway_and_every_batch_is_acked_once()
    {
        var dead = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        await using var publisher = new Client.FeedPublisher(new Client.FeedPublisherOptions
        {
            Endpoints = [dead, gateway.GrpcAddress],
            FeedId = "failover-feed",
            ApiKey = GatewayFixture.AdminKey,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
        });

        var acks = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => publisher.PublishAsync([Output("feed.port", 1000 + i, metric: Metric.HandledTpd)])));

        Assert.Equal(20, acks.Select(a => a.Sequence).Distinct().Count());
        Assert.All(acks, a => Assert.Equal(1U, a.Accepted));
        Assert.True(publisher.Statistics.Reconnects >= 1);
        Assert.Equal(20UL, (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "feed.port" })).ObservationsApplied);
    }
}
