using System.Diagnostics.Metrics;
using Monitoring.Contracts;
using Monitoring.Grains;

namespace Monitoring.Tests.Unit;

public sealed class SiloMetricsTests
{
    [Fact]
    public void Preparing_a_commodity_exports_zero_for_every_kind_and_severity_and_for_its_incidents_once()
    {
        var zeros = new List<(string Kind, string Severity)>();
        var incidentZeros = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SiloMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (labels["commodity"] != "unit-prepared" || value != 0) return;
            lock (zeros)
            {
                if (instrument.Name == "monitoring.incidents.opened") incidentZeros++;
                else zeros.Add((labels["kind"]!, labels["severity"]!));
            }
        });
        listener.Start();

        SiloMetrics.Prepare(["unit-prepared"]);
        SiloMetrics.Prepare(["unit-prepared"]);

        lock (zeros)
        {
            Assert.Equal(Enum.GetValues<DisruptionKind>().Length * Enum.GetValues<Severity>().Length, zeros.Count);
            Assert.Contains(("lane_blocked", "critical"), zeros);
            Assert.Equal(zeros.Count, zeros.Distinct().Count());
            Assert.Equal(1, incidentZeros);
        }
    }
}
