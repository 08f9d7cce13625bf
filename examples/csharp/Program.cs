// A data provider in C#: publishes output readings for one node through the client library, which
// numbers batches, keeps each until its durable ack, fails over between gateways and resends after a
// reconnect (docs/api.md). Run:
//
//   dotnet run --project examples/csharp -- http://127.0.0.1:8081 mine.cl.escondida
//
// Arguments: gateway gRPC address(es), comma separated; the node id. MONITORING_API_KEY is sent as
// "authorization: Bearer <key>" when set.
using Google.Protobuf.WellKnownTypes;
using Monitoring.Api.V1;
using Monitoring.Client;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ProviderExample <gateway[,gateway…]> <node-id> [feed-id]");
    return 2;
}

var gateways = args[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => new Uri(a)).ToList();
var nodeId = args[1];
var feedId = args.Length > 2 ? args[2] : "example-csharp-feed";

await using var publisher = new FeedPublisher(new FeedPublisherOptions
{
    Endpoints = gateways,
    FeedId = feedId,
    ApiKey = Environment.GetEnvironmentVariable("MONITORING_API_KEY"),
});

for (var i = 0; i < 3; i++)
{
    Observation reading = new()
    {
        ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Measurement = new NodeMeasurement { NodeId = nodeId, Metric = Metric.OutputTpd, Value = 800 + i },
    };
    // Returns once the batch is stored (its durable ack); rejected observations come back one by one.
    var ack = await publisher.PublishAsync([reading]);
    foreach (var rejected in ack.Rejected) Console.WriteLine($"batch {ack.Sequence}: observation {rejected.Index} rejected: {rejected.Code} {rejected.Message}");
    Console.WriteLine($"acked batch {ack.Sequence}: accepted {ack.Accepted}{(ack.Duplicate ? " (duplicate)" : "")}, durable up to {ack.DurableSequence}");
}
Console.WriteLine("all 3 batches acked");
return 0;
