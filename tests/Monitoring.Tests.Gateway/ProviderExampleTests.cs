using Monitoring.Api.V1;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The provider examples of docs/api.md against a running gateway: examples/node/publish.js
/// (@grpc/grpc-js and @grpc/proto-loader from npm), examples/python/publish.py (grpcio) and examples/csharp (the client library).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderExampleTests(GatewayFixture gateway)
{
    private static readonly string Example = Path.Combine(RepoPaths.Root, "examples", "node");

    [Fact]
    public async Task The_csharp_example_publishes_three_batches_and_every_one_is_acked_and_applied()
    {
        var program = Path.Combine(RepoPaths.Output("examples/csharp"), "ProviderExample.dll");

        var (exit, output) = await RunAsync("dotnet", [program, gateway.GrpcAddress.ToString(), "csharp.mine", "csharp-example"],
            new Dictionary<string, string> { ["MONITORING_API_KEY"] = GatewayFixture.AdminKey });

        Assert.True(exit == 0, output);
        Assert.Contains("all 3 batches acked", output);
        var node = await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "csharp.mine" });
        Assert.Equal(3UL, node.ObservationsApplied);
        Assert.Equal(802, node.Metrics.Single().Latest);
    }

    [Fact]
    public async Task The_nodejs_example_publishes_three_batches_and_every_one_is_acked_and_applied()
    {
        if (!Directory.Exists(Path.Combine(Example, "node_modules"))) Assert.Equal(0, (await RunAsync("npm", ["ci", "--silent", "--no-audit", "--no-fund"])).ExitCode);

        var (exit, output) = await RunAsync("node", ["publish.js"], new Dictionary<string, string>
        {
            ["MONITORING_GATEWAY"] = $"127.0.0.1:{gateway.GrpcPort}",
            ["MONITORING_API_KEY"] = GatewayFixture.AdminKey,
            ["FEED_ID"] = "nodejs-example",
            ["NODE_ID"] = "nodejs.mine",
        });

        await AssertThreeBatchesAckedAndAppliedAsync(exit, output, "nodejs.mine");
    }

    /// <summary>Debian's Python with python3-grpcio, stubs from protoc and gRPC's Python plugin (examples/python/generate.sh).</summary>
    [Fact]
    public async Task The_python_example_publishes_three_batches_and_every_one_is_acked_and_applied()
    {
        var directory = Path.Combine(RepoPaths.Root, "examples", "python");
        var generated = await ExternalTool.RunAsync("bash", ["generate.sh"], directory, timeout: TimeSpan.FromMinutes(1));
        Assert.True(generated.ExitCode == 0, generated.ToString());

        var (exit, output) = await ExternalTool.RunAsync("/usr/bin/python3", ["publish.py"], directory, new Dictionary<string, string>
        {
            ["MONITORING_GATEWAY"] = $"127.0.0.1:{gateway.GrpcPort}",
            ["MONITORING_API_KEY"] = GatewayFixture.AdminKey,
            ["FEED_ID"] = "python-example",
            ["NODE_ID"] = "python.mine",
        }, TimeSpan.FromMinutes(3));

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

    private static Task<ExternalTool.Result> RunAsync(string tool, string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ExternalTool.RunAsync(tool, arguments, Example, environment, TimeSpan.FromMinutes(3));
}
