using Monitoring.Api.V1;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The provider examples of docs/api.md against a running gateway: examples/node/publish.js
/// (@grpc/grpc-js and @grpc/proto-loader from npm), examples/python/publish.py (grpcio) and examples/csharp (the client library).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderExampleTests(GatewayFixture gateway)
{
    [Fact]
    public async Task The_csharp_example_publishes_three_batches_and_every_one_is_acked_and_applied()
    {
        var program = Path.Combine(RepoPaths.Output("examples/csharp"), "ProviderExample.dll");

        var (exit, output) = await ExternalTool.RunAsync("dotnet", [program, gateway.GrpcAddress.ToString(), "csharp.mine", "csharp-example"],
            environment: new Dictionary<string, string> { ["MONITORING_API_KEY"] = GatewayFixture.AdminKey }, timeout: TimeSpan.FromMinutes(3));

        Assert.True(exit == 0, output);
        Assert.Contains("all 3 batches acked", output);
        var node = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "csharp.mine" });
        Assert.Equal(3UL, node.ObservationsApplied);
        Assert.Equal(802, node.Metrics.Single().Latest);
    }

    [Fact]
    public async Task The_nodejs_example_publishes_three_batches_and_every_one_is_acked_and_applied()
    {
        var (exit, output) = await ProviderExamples.PublishAsync("node", new Dictionary<string, string>
        {
            ["MONITORING_GATEWAY"] = $"127.0.0.1:{gateway.GrpcPort}",
            ["MONITORING_API_KEY"] = GatewayFixture.AdminKey,
            ["FEED_ID"] = "nodejs-example",
            ["NODE_ID"] = "nodejs.mine",
        });

        await AssertThreeBatchesAckedAndAppliedAsync(exit, output, "nodejs.mine");
    }

    /// <summary>
    /// The public protos load outside .NET: the read-side ones import google/api/annotations.proto, which a Node client takes
    /// from the npm package google-proto-files (docs/api.md, "Clients in other languages").
    /// </summary>
    [Fact]
    public async Task The_nodejs_read_example_loads_every_public_proto_and_reads_a_node_with_the_feed_of_each_point()
    {
        await gateway.Feed.PublishAsync(Observations.Batch("nodejs-read-feed", 1, Observations.Output("nodejs.plant", 420, metric: Api.V1.Metric.ConsumptionTpd)));

        var (exit, output) = await ProviderExamples.ReadWithNodeAsync(new Dictionary<string, string>
        {
            ["MONITORING_GATEWAY"] = $"127.0.0.1:{gateway.GrpcPort}",
            ["MONITORING_API_KEY"] = GatewayFixture.ViewerKey,
            ["NODE_ID"] = "nodejs.plant",
        });

        Assert.True(exit == 0, output);
        var protos = Directory.GetFiles(Path.Combine(RepoPaths.Root, "contracts", "Monitoring.Api", "Protos", "monitoring", "v1"), "*.proto").Length;
        Assert.Contains($"loaded {protos} protos: FeedService, MonitoringService, TopologyService", output);
        Assert.Contains("METRIC_CONSUMPTION_TPD: latest 420 at ", output);
        Assert.Contains("from feed nodejs-read-feed", output);
    }

    /// <summary>Debian's Python with python3-grpcio, stubs from protoc and gRPC's Python plugin (examples/python/generate.sh).</summary>
    [Fact]
    public async Task The_python_example_publishes_three_batches_and_every_one_is_acked_and_applied()
    {
        var (exit, output) = await ProviderExamples.PublishAsync("python", new Dictionary<string, string>
        {
            ["MONITORING_GATEWAY"] = $"127.0.0.1:{gateway.GrpcPort}",
            ["MONITORING_API_KEY"] = GatewayFixture.AdminKey,
            ["FEED_ID"] = "python-example",
            ["NODE_ID"] = "python.mine",
        });

        await AssertThreeBatchesAckedAndAppliedAsync(exit, output, "python.mine");
    }

    /// <summary>An example printed an ack per batch, each accepting its reading, and the node holds all three (the last is 802).</summary>
    private async Task AssertThreeBatchesAckedAndAppliedAsync(int exit, string output, string nodeId)
    {
        Assert.True(exit == 0, output);
        Assert.Contains("all 3 batches acked", output);
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("acked batch", StringComparison.Ordinal) && l.Contains("accepted 1", StringComparison.Ordinal)));
        var node = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = nodeId });
        Assert.Equal(3UL, node.ObservationsApplied);
        Assert.Equal(802, node.Metrics.Single().Latest);
    }
}
