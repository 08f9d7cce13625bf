using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Bench.Harness;
using Monitoring.Bench.Workloads;
using Monitoring.Contracts;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Topology;
using Monitoring.Hosting;
using Orleans.Storage;

namespace Monitoring.Bench.Memory;

/// <summary>
/// Managed memory per idle node grain: a silo in this process (in-memory storage) is given N configured
/// nodes; every node grain is deactivated, then each is woken by one batch of readings and left idle.
/// The figure is the growth of the managed heap after full, compacting collections, divided by N: what
/// an active node costs its silo beyond its stored state (which lives in Redis in cluster mode, and serialized in
/// this process's memory here, <see cref="SerializingGrainStorage"/>, written before and after the same).
/// </summary>
public static class IdleGrainMemory
{
    public static async Task<int> RunAsync(int count, TextWriter console, CancellationToken token)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Store"] = "Memory",
            ["Orleans:SiloPort"] = Paths.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = Paths.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Dashboard:Enabled"] = "false",
            ["Checkpoint:Interval"] = "00:00:00",
        });
        builder.AddMonitoringSilo();
        // Stored state kept serialized, as in Redis (registered last, so it replaces the embedded storage).
        builder.Services.AddKeyedSingleton<IGrainStorage>(Monitoring.Grains.Persistence.GrainStorage.Name,
            (services, _) => ActivatorUtilities.CreateInstance<SerializingGrainStorage>(services));
        using var host = builder.Build();
        await host.StartAsync(token);
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var workload = new Workload(WorkloadKind.W1, count, lanes: 0, feeds: 1);
        var loaded = TopologyYaml.Load(workload.TopologyYaml(), "memory.yaml");
        if (loaded.Topology is null) throw new InvalidOperationException("the synthetic topology is invalid: " + string.Join("; ", loaded.Issues));
        var clock = Stopwatch.StartNew();
        await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Apply(loaded.Topology);
        console.WriteLine($"configured {workload.Nodes:N0} nodes in {clock.Elapsed.TotalSeconds:0.0} s");

        // First round: every node wakes once (its stored state now holds what one reading leaves: a feed
        // window, two series) and its commodity wakes too. Then everything idle is collected, and the
        // commodities are woken again: what the second round adds is the node grains alone.
        var management = grains.GetGrain<IManagementGrain>(0);
        await WakeAllAsync(grains, workload, sequence: 1, console);
        await management.ForceActivationCollection(TimeSpan.Zero);
        await grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).GetVersion();
        foreach (var commodity in loaded.Topology.Commodities) await grains.GetGrain<ICommodityGrain>(commodity.Code).GetIndicators();
        var before = Heap();
        var activeBefore = await ActiveNodesAsync(management);

        clock.Restart();
        await WakeAllAsync(grains, workload, sequence: 2, console);
        var after = Heap();
        var active = await ActiveNodesAsync(management);
        console.WriteLine($"woke {workload.Nodes:N0} nodes in {clock.Elapsed.TotalSeconds:0.0} s; active node grains {activeBefore:N0} → {active:N0}");
        var perGrain = (after - before) / (double)(active - activeBefore);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"managed heap {before / 1048576.0:N1} MiB → {after / 1048576.0:N1} MiB: {perGrain / 1024:0.00} KiB per idle node grain (a million in {perGrain * 1e6 / (1024.0 * 1024 * 1024):0.0} GiB)"));
        await host.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Sends every node one small batch (two readings), a few hundred at a time.</summary>
    private static async Task WakeAllAsync(IGrainFactory grains, Workload workload, ulong sequence, TextWriter console)
    {
        const int parallel = 256;
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < workload.Nodes; start += parallel)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(parallel, workload.Nodes - start)).Select(i =>
                grains.GetGrain<ISupplyNodeGrain>(Workload.NodeId(i)).Apply(new SubjectBatch("memory-probe", sequence, now,
                    [new NodeReading(0, now, Metric.Utilization, 0.85, null), new NodeReading(1, now, Metric.PowerAvailability, 1.0, null)], [], []))));
            if ((start + parallel) / 20_000 != start / 20_000) console.WriteLine($"  round {sequence}: woken {Math.Min(start + parallel, workload.Nodes):N0} of {workload.Nodes:N0}");
        }
    }

    private static async Task<int> ActiveNodesAsync(IManagementGrain management)
    {
        var stats = await management.GetSimpleGrainStatistics();
        return stats.Where(s => s.GrainType.Contains("SupplyNode", StringComparison.OrdinalIgnoreCase)).Sum(s => s.ActivationCount);
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
