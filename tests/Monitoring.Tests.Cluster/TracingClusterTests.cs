using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Client;
using Monitoring.Contracts.Diagnostics;
using Monitoring.Tests.Gateway;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// Tracing across processes (issue 21, item 6): a gateway and a silo sharing Redis, each exporting spans by OTLP to a
/// collector on loopback. A traced batch's trace crosses from the gateway into the silo with the grain call.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class TracingClusterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_traced_batch_crosses_from_the_gateway_into_the_silo_and_its_live_events_come_back_linked_to_it()
    {
        using var collector = new OtlpTraceReceiver();
        await using var cluster = new LocalCluster("tracing");
        cluster.ExtraArguments.AddRange([$"--Tracing:OtlpEndpoint={collector.Endpoint}", "--Tracing:Protocol=http/protobuf", "--Tracing:SampleRatio=1"]);
        await cluster.StartRedisAsync();
        await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await LocalCluster.ApplyTopologyAsync(gateway, """
            name: tracing-test
            commodities:
              - {code: cu, name: Copper, unit: t}
            nodes:
              - id: traced.port
                name: Traced port
                kind: port
                country: CL
                lat: -23.6
                lon: -70.4
                operator: Test Port
                owner: traced-port
                commodities:
                  - {commodity: cu, stage: logistics, capacity_tpd: 20000}
                inventory_capacity_t: 100000
                recovery_days: 7
                report_interval_s: 3600
                expected_utilization: 0.8
            """);

        using var channel = GrpcChannels.Create(gateway.GrpcAddress);
        using (var call = new FeedService.FeedServiceClient(channel).Publish(LocalCluster.Admin, deadline: DateTime.UtcNow.AddSeconds(30)))
        {
            var batch = new PublishRequest { FeedId = "traced-feed", Sequence = 1 };
            batch.Observations.Add(new Observation
            {
                ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                Report = new DisruptionReport
                {
                    SubjectId = "traced.port", ReportId = "strike", Cause = Cause.Strike, Severity = Severity.Critical,
                    ExpectedDuration = Duration.FromTimeSpan(TimeSpan.FromDays(3)), Message = "port workers' strike",
                },
            });
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
            var acks = await call.ResponseStream.ReadAllAsync().ToListAsync();
            Assert.Equal(1u, Assert.Single(acks).Accepted);
        }

        var root = await Poll.UntilAsync(() => Task.FromResult(collector.Spans.FirstOrDefault(s =>
            s.Name == MonitoringTracing.PublishBatch && s.Tags.GetValueOrDefault(MonitoringTracing.Tags.FeedId) == "traced-feed")), Deadline, "the gateway's batch span");
        Assert.Equal("monitoring-gateway", root.Service);
        var call2 = await Poll.UntilAsync(() => Task.FromResult(collector.Spans.FirstOrDefault(s =>
            s.TraceId == root.TraceId && s.ParentSpanId == root.SpanId && s.Name.EndsWith("/Apply", StringComparison.Ordinal))), Deadline, "the gateway's grain call");
        Assert.Equal("monitoring-gateway", call2.Service);

        // In the silo, in the same trace: the grain's side of the call, and the grain-state write the ack waited for.
        var inSilo = await Poll.UntilAsync(() => Task.FromResult(collector.Spans.FirstOrDefault(s =>
            s.TraceId == root.TraceId && s.ParentSpanId == call2.SpanId)), Deadline, "the silo's side of the grain call");
        Assert.Equal("monitoring-silo", inSilo.Service);
        await Poll.UntilAsync(() => Task.FromResult(collector.Spans.Any(s =>
            s.TraceId == root.TraceId && s.Service == "monitoring-silo" && s.Name.Contains("write", StringComparison.OrdinalIgnoreCase))), Deadline, "the state write in the batch's trace");

        // The silo's notifier sends the events in a span linked to the batch; the gateway's delivery is its child.
        var notify = await Poll.UntilAsync(() => Task.FromResult(collector.Spans.FirstOrDefault(s =>
            s.Name == MonitoringTracing.NotifyGateways && s.Links.Any(l => l.TraceId == root.TraceId))), Deadline, "the notifier's span linked to the batch");
        Assert.Equal("monitoring-silo", notify.Service);
        await Poll.UntilAsync(() => Task.FromResult(collector.Spans.Any(s =>
            s.TraceId == notify.TraceId && s.Service == "monitoring-gateway" && s.Tags.ContainsKey(MonitoringTracing.Tags.Subscribers))), Deadline, "the gateway's span receiving the events");
        Assert.Equal(0, collector.Refused);
    }
}
