using System.Diagnostics.Metrics;

namespace Monitoring.Grains;

/// <summary>
/// The silo's meter, "Monitoring.Silo" (DESIGN §10, docs/metrics.md). Static because grains are many and
/// short-lived; a process exports it when its OpenTelemetry setup adds the meter.
/// </summary>
public static class SiloMetrics
{
    public const string MeterName = "Monitoring.Silo";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Opened = Meter.CreateCounter<long>("monitoring.disruptions.opened",
        description: "Disruptions opened, by commodity, kind and severity at opening (counted where the commodity's disruption index first records them)");

    public static void DisruptionOpened(string commodity, DisruptionKind kind, Severity severity) =>
        Opened.Add(1,
            new KeyValuePair<string, object?>("commodity", commodity),
            new KeyValuePair<string, object?>("kind", MetricLabel.Of(kind)),
            new KeyValuePair<string, object?>("severity", MetricLabel.Of(severity)));
}
