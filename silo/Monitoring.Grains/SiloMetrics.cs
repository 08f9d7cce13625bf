using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Monitoring.Grains;

/// <summary>
/// The silo's meter, "Monitoring.Silo" (docs/metrics.md). Static because grains are many and
/// short-lived; a process exports it when its OpenTelemetry setup adds the meter.
/// </summary>
public static class SiloMetrics
{
    public const string MeterName = "Monitoring.Silo";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, byte> Prepared = new(StringComparer.Ordinal);

    private static readonly Counter<long> Opened = Meter.CreateCounter<long>("monitoring.disruptions.opened",
        description: "Disruptions opened, by commodity, kind and severity at opening (counted by the subject grain once the opening is stored)");

    private static readonly Counter<long> IncidentsOpened = Meter.CreateCounter<long>("monitoring.incidents.opened",
        description: "Incidents opened, by commodity (counted by the incident grain as it opens one)");

    /// <summary>
    /// Exports 0 for every kind and severity of these commodities (and for their incidents), once per process, so the first
    /// disruption of a kind is an increase from 0 that increase() and rate() can see (a series that
    /// first appears at 1 looks like no change to them).
    /// </summary>
    public static void Prepare(IEnumerable<string> commodities)
    {
        foreach (var commodity in commodities)
        {
            if (!Prepared.TryAdd(commodity, 0)) continue;
            IncidentsOpened.Add(0, new KeyValuePair<string, object?>("commodity", commodity));
            foreach (var kind in Enum.GetValues<DisruptionKind>())
            {
                foreach (var severity in Enum.GetValues<Severity>()) Opened.Add(0, Tags(commodity, kind, severity));
            }
        }
    }

    /// <summary>Counts the disruptions these stored events opened, once per commodity each touches.</summary>
    public static void CountOpened(IEnumerable<MonitoringEvent> stored)
    {
        foreach (var e in stored)
        {
            if (e.Type != MonitoringEventType.DisruptionOpened || e.Disruption is not { } d) continue;
            foreach (var commodity in d.Commodities) Opened.Add(1, Tags(commodity, d.Kind, d.Severity));
        }
    }

    /// <summary>Counts an incident opened, once per commodity it touches.</summary>
    public static void CountIncidentOpened(Incident incident)
    {
        foreach (var commodity in incident.Commodities) IncidentsOpened.Add(1, new KeyValuePair<string, object?>("commodity", commodity));
    }

    private static ReadOnlySpan<KeyValuePair<string, object?>> Tags(string commodity, DisruptionKind kind, Severity severity) =>
        new KeyValuePair<string, object?>[]
        {
            new("commodity", commodity),
            new("kind", MetricLabel.Of(kind)),
            new("severity", MetricLabel.Of(severity)),
        };
}
