using Monitoring.Contracts;
using Monitoring.Domain.Detection;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>Operator workflow, minimum open time and flapping.</summary>
public sealed class LifecycleTests
{
    private const string Mine = "m";
    private const string Port = "p";

    private static DetectionNetwork Network(double minOpenSeconds = 60, double ewmaAlpha = 0.5) => new(
        TestTopologies.Line(100, TestTopologies.Mine(Mine), TestTopologies.Port(Port), TestTopologies.Plant("k")),
        new DetectionOptions { EwmaAlpha = ewmaAlpha, Thresholds = { [RuleThresholds.MinimumOpenSeconds] = minOpenSeconds } });

    private static void Output(DetectionNetwork n, params double[] ratios)
    {
        foreach (var ratio in ratios)
        {
            n.Reading(Mine, Metric.OutputTpd, ratio * 800);
            n.Clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    private static IEnumerable<MonitoringEventType> EventsOf(DetectionNetwork n, DisruptionKind kind) =>
        n.Timeline.Where(e => e.Disruption?.Kind == kind).Select(e => e.Type);

    [Fact]
    public void Acknowledge_and_resolve_record_who_when_and_why()
    {
        var n = Network();
        n.Report(Port, "strike", Cause.Strike, Severity.Warning, TimeSpan.FromDays(5), "dock workers out");
        var id = n.Active(Port, DisruptionKind.Declared)!.Id;

        n.Clock.Advance(TimeSpan.FromMinutes(3));
        var acknowledged = n.Acknowledge(Port, id, "ops-desk", "crew called");
        Assert.Equal(DisruptionActionOutcome.Done, acknowledged.Outcome);
        Assert.Equal(DisruptionState.Acknowledged, acknowledged.Disruption!.State);

        // Severity still follows the provider, and the state stays ACKNOWLEDGED.
        n.Report(Port, "strike", Cause.Strike, Severity.Critical, TimeSpan.FromDays(5), "dock workers out");
        Assert.Equal((DisruptionState.Acknowledged, Severity.Critical), (n.Active(Port, DisruptionKind.Declared)!.State, n.Active(Port, DisruptionKind.Declared)!.Severity));

        n.ClearReport(Port, "strike");
        n.Clock.Advance(TimeSpan.FromMinutes(10));
        var resolved = n.Resolve(Port, id, "ops-desk", "berths working again, backlog cleared");

        var d = resolved.Disruption!;
        Assert.Equal(DisruptionState.Resolved, d.State);
        Assert.Equal(
            [
                (DisruptionState.Open, Severity.Warning, "feed:test-feed"),
                (DisruptionState.Acknowledged, Severity.Warning, "ops-desk"),
                (DisruptionState.Acknowledged, Severity.Critical, "feed:test-feed"),
                (DisruptionState.Cleared, Severity.Critical, "feed:test-feed"),
                (DisruptionState.Resolved, Severity.Critical, "ops-desk"),
            ],
            d.History.Select(h => (h.State, h.Severity, h.Actor)));
        Assert.Equal("crew called", d.History[1].Reason);
        Assert.Equal(n.Now, d.History[^1].At);
        Assert.Equal(
            [MonitoringEventType.DisruptionOpened, MonitoringEventType.DisruptionAcknowledged, MonitoringEventType.DisruptionUpdated,
             MonitoringEventType.DisruptionCleared, MonitoringEventType.DisruptionResolved],
            n.Timeline.Where(e => e.Disruption!.Id == id).Select(e => e.Type));
        Assert.Equal([1, 2, 3, 4, 5], n.Timeline.Where(e => e.Disruption!.Id == id).Select(e => e.Disruption!.Version));
    }

    [Fact]
    public void Actions_that_do_not_fit_the_state_are_refused_and_change_nothing()
    {
        var n = Network();
        n.Report(Port, "r", Cause.Other, Severity.Warning, null);
        var id = n.Active(Port, DisruptionKind.Declared)!.Id;
        n.ClearReport(Port, "r");
        n.Resolve(Port, id, "ops", "done");
        var events = n.Timeline.Count;

        Assert.Equal(DisruptionActionOutcome.NotAllowed, n.Acknowledge(Port, id, "ops", "late").Outcome);
        Assert.Equal(DisruptionActionOutcome.NotAllowed, n.Resolve(Port, id, "ops", "again").Outcome);
        Assert.Equal(DisruptionActionOutcome.NotFound, n.Acknowledge(Port, "p--declared-99", "ops", "?").Outcome);
        Assert.Equal(events, n.Timeline.Count);
    }

    [Fact]
    public void Resolving_a_condition_that_persists_lets_the_rule_open_a_new_disruption()
    {
        var n = Network(minOpenSeconds: 0, ewmaAlpha: 1);
        Output(n, 0.5, 0.5, 0.5);
        var first = n.Active(Mine, DisruptionKind.OutputDrop)!.Id;

        n.Resolve(Mine, first, "ops", "known, planned maintenance");
        Assert.Null(n.Active(Mine, DisruptionKind.OutputDrop));
        Output(n, 0.5, 0.5);
        Assert.Null(n.Active(Mine, DisruptionKind.OutputDrop));
        Output(n, 0.5);

        Assert.NotEqual(first, n.Active(Mine, DisruptionKind.OutputDrop)!.Id);
    }

    [Fact]
    public void An_automatic_clear_waits_for_the_minimum_open_time()
    {
        var n = Network(minOpenSeconds: 60, ewmaAlpha: 1);
        Output(n, 0.5, 0.5, 0.5);
        Output(n, 0.9, 0.9, 0.9, 0.9);
        Assert.NotNull(n.Active(Mine, DisruptionKind.OutputDrop));

        n.Clock.Advance(TimeSpan.FromSeconds(60));
        Output(n, 0.9);

        Assert.Null(n.Active(Mine, DisruptionKind.OutputDrop));
    }

    [Fact]
    public void Output_oscillating_around_the_fire_ratio_never_opens()
    {
        var n = Network();
        for (var i = 0; i < 60; i++) Output(n, i % 2 == 0 ? 0.55 : 0.65);
        Assert.Empty(EventsOf(n, DisruptionKind.OutputDrop));
    }

    [Fact]
    public void Output_oscillating_around_the_clear_ratio_neither_clears_nor_reopens()
    {
        var n = Network();
        Output(n, 0.5, 0.5, 0.5, 0.5);
        for (var i = 0; i < 60; i++) Output(n, i % 2 == 0 ? 0.7 : 0.8);
        Assert.Equal([MonitoringEventType.DisruptionOpened], EventsOf(n, DisruptionKind.OutputDrop));
    }

    [Fact]
    public void Output_oscillating_around_the_critical_ratio_changes_severity_once()
    {
        var n = Network(ewmaAlpha: 1);
        Output(n, 0.5, 0.5, 0.5);
        for (var i = 0; i < 60; i++) Output(n, i % 2 == 0 ? 0.28 : 0.32);
        Assert.Equal([MonitoringEventType.DisruptionOpened, MonitoringEventType.DisruptionUpdated], EventsOf(n, DisruptionKind.OutputDrop));
    }

    [Fact]
    public void Inventory_oscillating_between_the_fire_and_clear_thresholds_does_not_flap()
    {
        var n = Network(minOpenSeconds: 0);
        for (var i = 0; i < 40; i++)
        {
            n.Reading("k", Metric.InventoryT, (i % 2 == 0 ? 6.5 : 9.5) * 500);
            n.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal([MonitoringEventType.DisruptionOpened], EventsOf(n, DisruptionKind.InventoryLow));
    }

    [Fact]
    public void A_clear_held_for_the_minimum_open_time_happens_when_it_has_passed_even_without_new_readings()
    {
        var n = Network(minOpenSeconds: 60, ewmaAlpha: 1);
        Output(n, 0.5, 0.5, 0.5);
        Output(n, 0.9, 0.9, 0.9);
        Assert.NotNull(n.Active(Mine, DisruptionKind.OutputDrop));

        n.Advance(TimeSpan.FromSeconds(60));

        Assert.Null(n.Active(Mine, DisruptionKind.OutputDrop));
    }

    [Fact]
    public void A_recovered_value_held_open_is_no_longer_critical()
    {
        var n = Network(minOpenSeconds: 600, ewmaAlpha: 1);
        Output(n, 0.1, 0.1, 0.1);
        Assert.Equal(Severity.Critical, n.Active(Mine, DisruptionKind.OutputDrop)!.Severity);

        Output(n, 0.9, 0.9, 0.9);

        var held = n.Active(Mine, DisruptionKind.OutputDrop)!;
        Assert.Equal(Severity.Warning, held.Severity);
        Assert.Equal(OperationalStatus.Degraded, n.Status(Mine));
    }

    [Fact]
    public void A_port_reporting_handled_volume_per_commodity_is_compared_with_that_commodity()
    {
        var n = new DetectionNetwork(
            TestTopologies.Line(24, TestTopologies.Mine(Mine), TestTopologies.Port(Port, capacity: 1000, commodities: ["cu", "li"])),
            new DetectionOptions { EwmaAlpha = 1 });

        // Each commodity at 80 % of its own 1,000 t/d: normal, although it is 40 % of the port's total.
        for (var i = 0; i < 5; i++)
        {
            n.Apply(Port, readings: [new NodeReading(0, n.Now, Metric.HandledTpd, 800, "cu"), new NodeReading(1, n.Now, Metric.HandledTpd, 800, "li")]);
        }
        Assert.Null(n.Active(Port, DisruptionKind.OutputDrop));

        for (var i = 0; i < 3; i++) n.Apply(Port, readings: [new NodeReading(0, n.Now, Metric.HandledTpd, 100, "li")]);
        var drop = n.Active(Port, DisruptionKind.OutputDrop)!;
        Assert.Equal((Severity.Critical, "li handled volume at 13 % of baseline"), (drop.Severity, drop.Summary));
        Assert.Equal(["li"], drop.Commodities);
    }
}
