using Monitoring.Contracts.Diagnostics;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>A gateway (embedded silo) that traces every batch and sends the spans by OTLP/HTTP to a collector on loopback.</summary>
public sealed class TracingGatewayFixture : GatewayFixture
{
    public OtlpTraceReceiver Collector { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Tracing:OtlpEndpoint"] = Collector.Endpoint,
        ["Tracing:Protocol"] = "http/protobuf",
        ["Tracing:SampleRatio"] = "1",
    };

    public override Contracts.TopologySpec? InitialTopology => TestTopologies.Chains("trace");

    public override async Task DisposeFixtureAsync()
    {
        await base.DisposeFixtureAsync();
        Collector.Dispose();
    }
}

public sealed class TracingTests(TracingGatewayFixture gateway) : IClassFixture<TracingGatewayFixture>
{
    private static readonly TimeSpan ExportDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_traced_batch_is_one_trace_from_the_gateway_through_its_grain_call_to_the_live_events_it_produced()
    {
        var acks = await gateway.Feed.PublishAsync(Batch("trace-feed", 1, Declare("trace.port", "blockade")));
        Assert.Equal(1u, Assert.Single(acks).Accepted);

        // The batch's own span, with what it carried and what came of it.
        var batch = await Poll.UntilAsync(() => Task.FromResult(gateway.Collector.Spans.FirstOrDefault(s =>
            s.Name == MonitoringTracing.PublishBatch && s.Tags.GetValueOrDefault(MonitoringTracing.Tags.FeedId) == "trace-feed")),
            ExportDeadline, "the gateway to export the batch's span");
        Assert.Equal("monitoring-gateway", batch.Service);
        Assert.Equal("", batch.ParentSpanId);
        Assert.Equal("1", batch.Tags[MonitoringTracing.Tags.Sequence]);
        Assert.Equal("1", batch.Tags[MonitoringTracing.Tags.Accepted]);
        Assert.Equal("1", batch.Tags[MonitoringTracing.Tags.Subjects]);

        // The grain call it made, as the caller and the grain saw it, in the same trace.
        var call = await Poll.UntilAsync(() => Task.FromResult(gateway.Collector.Spans.FirstOrDefault(s =>
            s.TraceId == batch.TraceId && s.ParentSpanId == batch.SpanId && s.Name.EndsWith("/Apply", StringComparison.Ordinal))),
            ExportDeadline, "the span of the batch's grain call");
        var inGrain = await Poll.UntilAsync(() => Task.FromResult(gateway.Collector.Spans.FirstOrDefault(s =>
            s.TraceId == batch.TraceId && s.ParentSpanId == call.SpanId)), ExportDeadline, "the grain's side of the call");
        Assert.Contains("trace.port", inGrain.Tags.GetValueOrDefault("orleans.rpc.target_id") ?? "", StringComparison.Ordinal);

        // The live events: the notifier's flush links back to this trace, and the gateway's delivery is its child.
        var notify = await Poll.UntilAsync(() => Task.FromResult(gateway.Collector.Spans.FirstOrDefault(s =>
            s.Name == MonitoringTracing.NotifyGateways && s.Links.Any(l => l.TraceId == batch.TraceId))),
            ExportDeadline, "the notifier's span linked to the batch");
        Assert.NotEqual(batch.TraceId, notify.TraceId);
        var delivered = await Poll.UntilAsync(() => Task.FromResult(gateway.Collector.Spans.FirstOrDefault(s =>
            s.TraceId == notify.TraceId && s.Tags.ContainsKey(MonitoringTracing.Tags.Subscribers))),
            ExportDeadline, "the gateway's span receiving the events");
        Assert.True(int.Parse(delivered.Tags[MonitoringTracing.Tags.Events]) >= 1);
        Assert.Equal(0, gateway.Collector.Refused);
    }

    [Fact]
    public async Task Grain_calls_outside_a_traced_batch_start_no_trace_of_their_own()
    {
        await gateway.Feed.PublishAsync(Batch("trace-feed-2", 1, Output("trace.mine", 900)));
        await Poll.UntilAsync(() => Task.FromResult(gateway.Collector.Spans.Any(s => s.Tags.GetValueOrDefault(MonitoringTracing.Tags.FeedId) == "trace-feed-2")),
            ExportDeadline, "the batch's span");

        // Every exported span belongs to a trace that one of the platform's roots started (a root is exported after its
        // children, so wait for each trace's root; a span of an orphan trace never gets one and the wait fails).
        await Poll.UntilAsync(() =>
        {
            var spans = gateway.Collector.Spans;
            var rootTraces = spans.Where(s => s.ParentSpanId == "" && MonitoringTracing.Roots.Contains(s.Name)).Select(s => s.TraceId).ToHashSet();
            return Task.FromResult(spans.All(s => rootTraces.Contains(s.TraceId)));
        }, ExportDeadline, "every exported span to belong to a trace a batch or a notifier started");
        Assert.All(gateway.Collector.Spans.Where(s => s.ParentSpanId == ""), r => Assert.Contains(r.Name, MonitoringTracing.Roots));
    }
}
