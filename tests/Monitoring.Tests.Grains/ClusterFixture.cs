using Microsoft.Extensions.Configuration;
using Monitoring.Contracts;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Persistence;
using Monitoring.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace Monitoring.Tests.Grains;

/// <summary>A one-silo in-process cluster with the Monitoring grains and memory storage, and a topology applied.</summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>Disruptions an index keeps per commodity in these tests (10,000 by default).</summary>
    public const int RetainedPerCommodity = 50;

    public InProcessTestCluster Cluster { get; private set; } = default!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>Chains of mine → port → plant, one per test class that needs its own subjects.</summary>
    protected virtual string[] Chains => ["apply", "dedupe", "drop", "events", "declared", "unconfigured", "commit", "voyage", "window"];

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.Services.AddGrainStorage(GrainStorage.Name, (sp, name) => new CountingGrainStorage(Orleans.Storage.MemoryGrainStorageFactory.Create(sp, name)));
            silo.UseInMemoryReminderService();
            // Short reminders, so the FEED_SILENT backstop can be seen within a test.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddMonitoringGrainServices(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["DisruptionIndex:MaxRetained"] = RetainedPerCommodity.ToString() })
                .Build());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        if (Topology is { } topology) await Client.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Apply(topology);
    }

    /// <summary>
    /// The chains, a node that reports every second (FEED_SILENT after 3 s), a line mine → smelter →
    /// port → plant for propagation, two lithium mines (the only lithium nodes) for indicators, and a zinc
    /// mine (the only zinc node) for the silo's metrics.
    /// </summary>
    protected virtual TopologySpec? Topology
    {
        get
        {
            var chains = TestTopologies.Chains(Chains);
            var line = TestTopologies.Line(48, TestTopologies.Mine("line.mine"), TestTopologies.Smelter("line.smelter"), TestTopologies.Port("line.port"), TestTopologies.Plant("line.plant"));
            return chains with
            {
                Commodities = [.. chains.Commodities, new CommoditySpec("zn", "Zinc", "t")],
                Nodes = [.. chains.Nodes, TestTopologies.Mine("chatty.mine", reportIntervalSeconds: 1), .. line.Nodes,
                    TestTopologies.Mine("ind.mine.a", capacity: 100, commodity: "li"), TestTopologies.Mine("ind.mine.b", capacity: 100, commodity: "li"),
                    TestTopologies.Mine("metrics.mine", commodity: "zn")],
                Lanes = [.. chains.Lanes, .. line.Lanes],
            };
        }
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
