using Monitoring.Contracts;
using Monitoring.Grains.Detection;

namespace Monitoring.Tests.Unit;

/// <summary>OUTPUT_DROP and DECLARED through the node's pure monitor.</summary>
public sealed class NodeDetectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly DetectionOptions _options = new();
    private readonly NodeState _state = new() { Configuration = new NodeConfiguration(TestTopologies.Mine("mine.a", capacity: 1000), [], [], 1) };
    private ulong _sequence;

    // Baseline = 1000 t/d × 0.8 = 800 t/d.
    private const double Baseline = 800;

    private IReadOnlyList<MonitoringEvent> Output(params double[] ratios)
    {
        var events = new List<MonitoringEvent>();
        foreach (var ratio in ratios)
        {
            var at = T0.AddSeconds(30 * ++_sequence);
            var batch = new SubjectBatch("feed", _sequence, at, [new NodeReading(0, at, Metric.OutputTpd, ratio * Baseline, null)], [], []);
            var monitor = new NodeMonitor(_state, _options, at);
            monitor.Apply(batch, [], at);
            events.AddRange(monitor.Disruptions.Events);
        }
        return events;
    }

    private IReadOnlyList<MonitoringEvent> Report(DisruptionReport report, DateTimeOffset at)
    {
        var monitor = new NodeMonitor(_state, _options, at);
        monitor.Apply(new SubjectBatch("feed", ++_sequence, at, [], [], [report]), [], at);
        return monitor.Disruptions.Events;
    }

    private IReadOnlyList<Disruption> Active => _state.Disruptions.Active;

    [Fact]
    public void OutputDrop_opens_warning_after_three_low_readings()
    {
        // The moving average (alpha 0.5) starts at the first reading.
        Assert.Empty(Output(0.5, 0.5));
        var events = Output(0.5);

        var opened = Assert.Single(events);
        Assert.Equal(MonitoringEventType.DisruptionOpened, opened.Type);
        var d = opened.Disruption!;
        Assert.Equal(DisruptionKind.OutputDrop, d.Kind);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("mine.a--output-drop-1", d.Id);
        Assert.Equal(["cu"], d.Commodities);
        Assert.Equal("cu output at 50 % of baseline", d.Summary);
        var evidence = Assert.Single(d.Evidence);
        Assert.Equal(EvidencePhases.Opened, evidence.Phase);
        Assert.Equal(0.5, evidence.Value, 6);
        Assert.Equal(0.6, evidence.Threshold);
    }

    [Fact]
    public void OutputDrop_needs_three_consecutive_low_readings()
    {
        Assert.Empty(Output(0.5, 0.5, 0.9, 0.5, 0.5));
        Assert.Empty(Active);
    }

    [Fact]
    public void OutputDrop_below_the_critical_ratio_opens_critical()
    {
        var events = Output(0.1, 0.1, 0.1);

        Assert.Equal(Severity.Critical, Assert.Single(events).Disruption!.Severity);
    }

    [Fact]
    public void OutputDrop_escalates_keeping_its_id_and_clears_after_three_high_readings()
    {
        var opened = Output(0.5, 0.5, 0.5).Single().Disruption!;
        var escalated = Output(0.05, 0.05).Single().Disruption!;
        Assert.Equal(opened.Id, escalated.Id);
        Assert.Equal(Severity.Critical, escalated.Severity);
        Assert.Equal(2, escalated.Version);

        // The average needs a few readings to climb back above 0.75 × baseline; then three in a row clear it.
        var events = Output(1, 1, 1, 1, 1, 1);
        var cleared = events.Last().Disruption!;
        Assert.Equal(MonitoringEventType.DisruptionCleared, events.Last().Type);
        Assert.Equal(opened.Id, cleared.Id);
        Assert.Equal(DisruptionState.Cleared, cleared.State);
        Assert.Equal(EvidencePhases.Cleared, cleared.Evidence[^1].Phase);
        Assert.Empty(Active);
        Assert.Equal(cleared, Assert.Single(_state.Disruptions.RecentlyClosed));
    }

    [Fact]
    public void A_port_whose_handled_volume_drops_is_disrupted_for_every_commodity_it_handles()
    {
        var port = new NodeState { Configuration = new NodeConfiguration(TestTopologies.Port("port.p", capacity: 1000, commodities: ["cu", "li"]), [], [], 1) };
        var events = new List<MonitoringEvent>();
        for (var i = 1; i <= 3; i++)
        {
            var at = T0.AddMinutes(i);
            // Baseline: (1000 + 1000) t/d × 0.8 = 1600 t/d; 200 t/d is an eighth.
            var monitor = new NodeMonitor(port, _options, at);
            monitor.Apply(new SubjectBatch("port-feed", (ulong)i, at, [new NodeReading(0, at, Metric.HandledTpd, 200, null)], [], []), [], at);
            events.AddRange(monitor.Disruptions.Events);
        }

        var d = Assert.Single(events).Disruption!;
        Assert.Equal((DisruptionKind.OutputDrop, Severity.Critical), (d.Kind, d.Severity));
        Assert.Equal(["cu", "li"], d.Commodities);
        Assert.Equal("handled volume at 13 % of baseline", d.Summary);
    }

    [Fact]
    public void Readings_for_a_commodity_the_node_does_not_carry_are_rejected()
    {
        var batch = new SubjectBatch("feed", 1, T0, [new NodeReading(4, T0, Metric.OutputTpd, 10, "li")], [], []);

        var rejection = Assert.Single(NodeMonitor.Validate(_state.Configuration!.Spec, batch));

        Assert.Equal(4, rejection.Index);
        Assert.Equal(RejectionCodes.UnknownCommodity, rejection.Code);
    }

    [Fact]
    public void Declared_report_opens_updates_and_clears_one_disruption()
    {
        var report = new DisruptionReport(0, T0, "r-1", Cause.Strike, Severity.Warning, TimeSpan.FromDays(3), "dock workers out", false);

        var opened = Assert.Single(Report(report, T0)).Disruption!;
        Assert.Equal(DisruptionKind.Declared, opened.Kind);
        Assert.Equal(Severity.Warning, opened.Severity);
        Assert.Equal(Cause.Strike, opened.Cause);
        Assert.Equal("declared strike: dock workers out", opened.Summary);
        Assert.Equal("feed:feed", opened.History[0].Actor);

        Assert.Empty(Report(report, T0.AddMinutes(1)));

        var escalated = Assert.Single(Report(report with { Severity = Severity.Critical }, T0.AddMinutes(2))).Disruption!;
        Assert.Equal(opened.Id, escalated.Id);
        Assert.Equal(Severity.Critical, escalated.Severity);
        Assert.Equal(EvidencePhases.Escalated, escalated.Evidence[^1].Phase);

        var cleared = Assert.Single(Report(report with { Clear = true, Message = "" }, T0.AddMinutes(3)));
        Assert.Equal(MonitoringEventType.DisruptionCleared, cleared.Type);
        Assert.Equal("cleared by provider", cleared.Disruption!.History[^1].Reason);

        Assert.Empty(Report(report with { Clear = true }, T0.AddMinutes(4)));
    }

    [Fact]
    public void Declared_disruption_clears_when_its_expected_end_passes()
    {
        Report(new DisruptionReport(0, T0, "r-2", Cause.Weather, Severity.Warning, TimeSpan.FromHours(2), "", false), T0);
        var monitor = new NodeMonitor(_state, _options);

        Assert.Equal(T0.AddHours(2), monitor.Tick(T0.AddHours(1)));
        Assert.Empty(monitor.Disruptions.Events);

        Assert.Null(monitor.Tick(T0.AddHours(2)));
        Assert.Equal("expected end passed", Assert.Single(monitor.Disruptions.Events).Disruption!.History[^1].Reason);
    }

    [Fact]
    public void Status_follows_the_worst_active_disruption()
    {
        var book = new DisruptionBook(_state.Disruptions, NodeMonitor.Identity(_state.Configuration!.Spec), 20, null);
        Assert.Equal(OperationalStatus.Operational, book.Status());

        Report(new DisruptionReport(0, T0, "w", Cause.Other, Severity.Warning, null, "", false), T0);
        Assert.Equal(OperationalStatus.Degraded, book.Status());

        Report(new DisruptionReport(0, T0, "c", Cause.Other, Severity.Critical, null, "", false), T0);
        Assert.Equal(OperationalStatus.Disrupted, book.Status());
    }
}
