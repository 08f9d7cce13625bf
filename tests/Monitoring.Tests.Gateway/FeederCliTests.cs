using Monitoring.Feeder.Cli;

namespace Monitoring.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class FeederCliTests(GatewayFixture gateway)
{
    private Task<int> Feeder(params string[] args) => FeederCommands.Build().Parse(args).InvokeAsync();

    [Fact]
    public async Task Topology_apply_validates_the_demo_scenario_on_the_gateway()
    {
        var exit = await Feeder("topology", "apply", RepoPaths.ChileUsScenario, "--gateway", gateway.GrpcAddress.ToString(), "--validate-only", "--api-key", GatewayFixture.AdminKey);

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Topology_apply_of_an_invalid_file_exits_with_code_2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"invalid-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "name: x\ncommodities: []\nnodes: []\n");
        try
        {
            Assert.Equal(2, await Feeder("topology", "apply", file, "--gateway", gateway.GrpcAddress.ToString(), "--api-key", GatewayFixture.AdminKey));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Topology_get_reads_the_topology_in_force() =>
        Assert.Equal(0, await Feeder("topology", "get", "--gateway", gateway.GrpcAddress.ToString()));

    [Fact]
    public async Task An_unreachable_gateway_is_reported_not_thrown() =>
        Assert.Equal(1, await Feeder("topology", "get", "--gateway", $"http://127.0.0.1:{FreePorts.Next()}"));
}
