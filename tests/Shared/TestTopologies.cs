using Monitoring.Contracts;

namespace Monitoring.Tests;

/// <summary>Small topologies built in code for tests.</summary>
public static class TestTopologies
{
    /// <summary>Report interval of test nodes: long, so FEED_SILENT stays out of tests that are not about it.</summary>
    public const int QuietReportIntervalSeconds = 3600;

    public static NodeSpec Mine(string id, double capacity = 1000, string commodity = "cu", string owner = "test-mine", int reportIntervalSeconds = QuietReportIntervalSeconds) =>
        new(id, $"Mine {id}", NodeKind.Mine, "CL", -24.0, -69.0, "Test Mining", [new NodeCommoditySpec(commodity, Stage.Extraction, capacity, 0)],
            20_000, 14, reportIntervalSeconds, owner, 0.8);

    public static NodeSpec Smelter(string id, double capacity = 1000, string owner = "test-smelter") =>
        new(id, $"Smelter {id}", NodeKind.Smelter, "CL", -23.5, -70.0, "Test Smelting",
            [new NodeCommoditySpec("cu", Stage.Processing, capacity, 0)], 10_000, 20, QuietReportIntervalSeconds, owner, 0.8);

    public static NodeSpec Port(string id, double capacity = 2000, string owner = "test-port", params string[] commodities) =>
        new(id, $"Port {id}", NodeKind.Port, "CL", -23.0, -70.4, "Test Port Authority",
            (commodities.Length == 0 ? ["cu"] : commodities).Select(c => new NodeCommoditySpec(c, Stage.Logistics, capacity, 0)).ToList(),
            40_000, 7, QuietReportIntervalSeconds, owner, 0.8);

    public static NodeSpec Plant(string id, double capacity = 500, string owner = "test-plant") =>
        new(id, $"Plant {id}", NodeKind.Plant, "US", 33.7, -118.2, "Test Manufacturing",
            [new NodeCommoditySpec("cu", Stage.Manufacturing, capacity, capacity)], 5_000, 30, QuietReportIntervalSeconds, owner, 0.8);

    public static LaneSpec Lane(string id, string from, string to, string commodity = "cu", double hours = 312, string owner = "test-shipping") =>
        new(id, $"{from} → {to}", from, to, commodity, TransportMode.Sea, TimeSpan.FromHours(hours), 1500, owner);

    /// <summary>A mine, a port and a plant for each of <paramref name="prefixes"/>, chained by two lanes: independent sets for parallel tests.</summary>
    public static TopologySpec Chains(params string[] prefixes) => new(
        "test",
        "test chains",
        [new CommoditySpec("cu", "Copper", "t"), new CommoditySpec("li", "Lithium", "t")],
        prefixes.SelectMany(p => new[] { Mine($"{p}.mine"), Port($"{p}.port"), Plant($"{p}.plant") }).ToList(),
        prefixes.SelectMany(p => new[] { Lane($"{p}.lane.mine-port", $"{p}.mine", $"{p}.port", hours: 8), Lane($"{p}.lane.port-plant", $"{p}.port", $"{p}.plant") }).ToList());

    /// <summary>Nodes joined in a line by lanes of <paramref name="laneHours"/> (lane id "a:b" from a to b).</summary>
    public static TopologySpec Line(double laneHours, params NodeSpec[] nodes) => new(
        "line",
        "nodes in a line",
        [new CommoditySpec("cu", "Copper", "t"), new CommoditySpec("li", "Lithium", "t")],
        nodes,
        nodes.Zip(nodes.Skip(1), (a, b) => Lane($"{a.Id}:{b.Id}", a.Id, b.Id, hours: laneHours)).ToList());
}
