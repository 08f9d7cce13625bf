using Monitoring.Contracts;
using Monitoring.Tests.Gateway;

namespace Monitoring.Tests.Alerting;

/// <summary>
/// A gateway exporting the per-disruption and per-incident series, with a tungsten network for the Prometheus test
/// (a mine, a port and a second port, lanes between them) and a tin network for the metric catalogue
/// test, so the two never see each other's disruptions, and a port handling both (six nodes in all).
/// </summary>
public sealed class AlertingFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "false",
        ["Metrics:OpenDisruptionSeries"] = "true",
        ["Metrics:OpenIncidentSeries"] = "true",
        ["Metrics:DashboardUrl"] = "https://monitoring.example.org",
    };

    /// <summary>Every node of the fixture's topology.</summary>
    public static IReadOnlyList<string> NodeIds { get; } = ["w.mine", "w.port", "w.port2", "w.users", "sn.mine", "sn.port", "ws.port"];

    public override TopologySpec? InitialTopology => new(
        "alerting",
        "tungsten and tin chains for the alerting tests",
        [new CommoditySpec("w", "Tungsten", "t"), new CommoditySpec("sn", "Tin", "t")],
        [
            TestTopologies.Mine("w.mine", capacity: 100, commodity: "w"),
            TestTopologies.Port("w.port", commodities: "w"),
            TestTopologies.Port("w.port2", commodities: "w") with { Country = "US" },
            // US users of tungsten: what the sourcing gauges describe.
            new NodeSpec("w.users", "US tungsten users", NodeKind.Consumer, "US", 40, -90, "Users", [new NodeCommoditySpec("w", Stage.Consumption, 0, 50)],
                1_000, 30, TestTopologies.QuietReportIntervalSeconds, "test-users", 0.85),
            TestTopologies.Mine("sn.mine", capacity: 100, commodity: "sn"),
            TestTopologies.Port("sn.port", commodities: "sn"),
            TestTopologies.Port("ws.port", commodities: ["w", "sn"]),
        ],
        [
            TestTopologies.Lane("w.lane.mine-port", "w.mine", "w.port", commodity: "w", hours: 8),
            TestTopologies.Lane("w.lane.port-port2", "w.port", "w.port2", commodity: "w"),
            TestTopologies.Lane("w.lane.port2-users", "w.port2", "w.users", commodity: "w"),
            TestTopologies.Lane("sn.lane.mine-port", "sn.mine", "sn.port", commodity: "sn", hours: 8),
        ]);
}

[CollectionDefinition(Name)]
public sealed class AlertingCollection : ICollectionFixture<AlertingFixture>
{
    public const string Name = "alerting";
}
