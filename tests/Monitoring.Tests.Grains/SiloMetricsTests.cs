using System.Diagnostics.Metrics;
using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

/// <summary>monitoring_disruptions_opened_total, counted by the subject grain (zinc: one mine, no other test uses it).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloMetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_disruption_counts_once_when_its_opening_is_stored_not_when_resent_escalated_or_cleared()
    {
        var measured = new List<(string Kind, string Severity, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Monitoring.Silo" && instrument.Name == "monitoring.disruptions.opened") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (labels["commodity"] != "zn") return;
            lock (measured) measured.Add((labels["kind"]!, labels["severity"]!, value));
        });
        listener.Start();
        var mine = fixture.Client.GetGrain<ISupplyNodeGrain>("metrics.mine");
        var report = new DisruptionReport(0, DateTimeOffset.UtcNow, "zn-flood", Cause.Weather, Severity.Critical, TimeSpan.FromDays(3), "pit flooded", false);

        await mine.Apply(new SubjectBatch("feed-zn", 1, DateTimeOffset.UtcNow, [], [], [report]));
        await mine.Apply(new SubjectBatch("feed-zn", 1, DateTimeOffset.UtcNow, [], [], [report]));
        await mine.Apply(new SubjectBatch("feed-zn", 2, DateTimeOffset.UtcNow, [], [], [report with { Severity = Severity.Warning }]));
        await mine.Apply(new SubjectBatch("feed-zn", 3, DateTimeOffset.UtcNow, [], [], [report with { Clear = true }]));

        lock (measured) Assert.Equal([("declared", "critical", 1L)], measured.Where(m => m.Value > 0));
    }
}
