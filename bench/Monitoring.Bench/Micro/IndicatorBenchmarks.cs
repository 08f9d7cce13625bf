using BenchmarkDotNet.Attributes;
using Monitoring.Contracts;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;

namespace Monitoring.Bench.Micro;

/// <summary>
/// What a commodity grain pays per recomputation: the indicators of the demo scenario's copper network (the largest,
/// 111 nodes and 111 lanes) at the start state, and a 30-day Angamos stress test on it. The scenario file is
/// deploy/scenarios/chile-us.yaml, found upwards from the working directory (or MONITORING_SCENARIO).
/// </summary>
[MemoryDiagnoser]
public class IndicatorBenchmarks
{
    private SupplyNetwork _copper = null!;
    private readonly IndicatorOptions _options = new();
    private readonly StressScenario _angamos = new(["port.cl.angamos"], [], 30);

    [GlobalSetup]
    public void Setup()
    {
        var topology = TopologyYaml.LoadFile(ScenarioPath()).Topology!;
        var slice = SubjectConfigurations.Slice(topology, topology.Commodities.Single(c => c.Code == "cu"), 1);
        _copper = SupplyNetwork.Build(slice, new Dictionary<string, NodeCondition>(), new Dictionary<string, LaneCondition>(), _options);
    }

    [Benchmark(Description = "copper indicators of the demo scenario")]
    public CommodityIndicators Indicators() => IndicatorCalculator.Compute(_copper, _options, DateTimeOffset.UnixEpoch);

    [Benchmark(Description = "30-day Angamos stress test on copper")]
    public CommodityStress Stress() => StressTester.Run(_copper, _angamos, _options, DateTimeOffset.UnixEpoch);

    private static string ScenarioPath()
    {
        if (Environment.GetEnvironmentVariable("MONITORING_SCENARIO") is { Length: > 0 } path) return path;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "scenarios", "chile-us.yaml");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("deploy/scenarios/chile-us.yaml not found above the working directory; set MONITORING_SCENARIO");
    }
}
