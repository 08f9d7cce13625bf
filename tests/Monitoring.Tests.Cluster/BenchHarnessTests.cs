using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// The benchmark harness (docs/benchmarks.md) works end to end on a small network: null sink, null grain, then the
/// platform in cluster mode (redis-server, two silos, a gateway as processes), driven by its load process. It
/// checks that the figures exist and are consistent, never how fast anything is (timings belong in the benchmarks).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed partial class BenchHarnessTests
{
    [Fact]
    public async Task A_short_cluster_run_measures_the_null_sink_the_null_grain_and_the_durable_platform_without_rejections()
    {
        var result = await ExternalTool.RunAsync("dotnet",
            [Path.Combine(RepoPaths.Output("bench/Monitoring.Bench"), "monitoring-bench.dll"), "run", "--cluster", "--silos", "2",
                "--nodes", "400", "--lanes", "200", "--feeds", "2", "--warmup", "3s", "--duration", "5s"],
            timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("| null sink |", result.Output);
        Assert.Contains("| null grain (cluster) |", result.Output);
        Assert.Contains("| platform (cluster, durable) |", result.Output);
        // The platform's row gives its share of the null sink and of the null grain.
        Assert.Matches(@"\| platform \(cluster, durable\) \| [\d,]+ \| \d+ % \| \d+ % \|", result.Output);
        var directory = LogsIn().Match(result.Output).Groups["dir"].Value;
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "results.json")));
        var phases = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, phases.Count);

        var sink = phases[0].GetProperty("load");
        Assert.True(sink.GetProperty("observationsAcked").GetInt64() > 0, result.Output);
        // The null grain takes every batch (through the same gateway and its planning) and stores nothing.
        var nullGrain = phases[1];
        Assert.True(nullGrain.GetProperty("load").GetProperty("observationsAcked").GetInt64() > 0, result.Output);
        Assert.Equal(0, nullGrain.GetProperty("load").GetProperty("observationsRejected").GetInt64());
        Assert.True(nullGrain.GetProperty("stateWritesPerObservation").GetDouble() < 0.0001, result.Output);
        var platform = phases[2];
        var load = platform.GetProperty("load");
        Assert.True(load.GetProperty("observationsAcked").GetInt64() > 0, result.Output);
        Assert.Equal(0, load.GetProperty("observationsRejected").GetInt64());
        // Triggers were seen on the Watch stream, and every ack waited for a Redis write.
        Assert.True(load.GetProperty("detection").GetProperty("count").GetInt32() > 0, result.Output);
        var writes = platform.GetProperty("stateWritesPerObservation").GetDouble();
        Assert.InRange(writes, 0.0001, 1);
        Assert.True(platform.GetProperty("subjectGrains").GetDouble() > 0, result.Output);
        // Two silos: the run reports how Orleans spread the node and lane grains over them, and each took some.
        var perSilo = platform.GetProperty("grainsPerSilo").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["silo", "silo-2"], perSilo.Keys.Order());
        Assert.All(perSilo.Values, grains => Assert.True(grains > 0, result.Output));
        Assert.Contains("per silo: silo ", result.Output);
        foreach (var process in new[] { "null-sink", "load-null-sink", "null-grain-redis", "null-grain-silo", "null-grain-silo-2", "null-grain-gateway", "load-null-grain", "redis", "silo", "silo-2", "gateway", "load-platform" })
        {
            Assert.True(File.Exists(Path.Combine(directory, process + ".log")), $"{process}.log is missing");
        }
    }

    [GeneratedRegex(@"logs in (?<dir>\S+)")]
    private static partial Regex LogsIn();
}
