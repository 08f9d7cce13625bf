using System.Diagnostics.Metrics;
using Monitoring.Contracts;
using Monitoring.Grains;

namespace Monitoring.Tests.Unit;

public sealed class SiloMetricsTests
{
    [Fact]
    public void Preparing_a_commodity_exports_zero_for_every_kind_and_severity_once()
    {
        var zeros = new List<(string Kind, string Severity)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SiloMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (labels["commodity"] == "unit-prepared" && value == 0) lock (zeros) zeros.Add((labels["kind"]!, labels["severity"]!));
        });
        listener.Start();

        SiloMetrics.Prepare(["unit-prepared"]);
        SiloMetrics.Prepare(["unit-prepared"]);

        lock (zeros)
        {
            Assert.Equal(Enum.GetValues<DisruptionKind>().Length * Enum.GetValues<Severity>().Length, zeros.Count);
            Assert.Contains(("lane_blocked", "critical"), zeros);
            Assert.Equal(zeros.Count, zeros.Distinct().Count());
        }
    }
}
