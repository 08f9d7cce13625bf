namespace Monitoring.Domain.Topology;

/// <summary>
/// What a node is taken to have when its topology leaves a field out, whichever way the topology came
/// (YAML or the gRPC/JSON message, where 0 means "not given"); docs/topology.md lists them.
/// </summary>
public static class TopologyDefaults
{
    /// <summary>Time to recover from the node's own disruptions, days.</summary>
    public const double RecoveryDays = 30;

    /// <summary>How often the node's feed reports (FEED_SILENT counts missed reports), seconds.</summary>
    public const int ReportIntervalSeconds = 60;

    /// <summary>Normal output as a share of capacity (OUTPUT_DROP's baseline, and indicators' normal output).</summary>
    public const double ExpectedUtilization = 0.85;
}
