using Microsoft.Extensions.Configuration;
using Monitoring.Contracts.Grains;
using Monitoring.Grains;
using Monitoring.Hosting;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Monitoring.Tests.Grains;

/// <summary>A one-silo in-process cluster with the Monitoring grains and memory storage, and a topology applied.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = default!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>Chains of mine → port → plant, one per test class that needs its own subjects.</summary>
    protected virtual string[] Chains => ["apply", "dedupe", "drop", "events", "declared", "unconfigured"];

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.Services.AddMonitoringGrainServices(new ConfigurationBuilder().Build());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        if (Chains.Length > 0) await Client.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Apply(TestTopologies.Chains(Chains));
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
