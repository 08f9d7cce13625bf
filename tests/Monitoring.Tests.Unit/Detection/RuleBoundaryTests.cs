using Monitoring.Contracts;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Detection.Rules;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>
/// Every rule just below, at and just above each threshold, in both directions. The moving average
/// weight is 1 and the minimum open time 0 here, so a reading is exactly the value the rule compares.
/// </summary>
public sealed class RuleBoundaryTests
{
    // mine (1000 t/d × 0.8 → baseline 800) → port (2000 t/d) → plant (500 t/d, demand 500), lanes of 100 h.
    private const string Mine = "m";
    private const string Port = "p";
    private const string Plant = "k";
    private const string LaneToPlant = "p:k";

    private static DetectionNetwork Network(double minOpenSeconds = 0) => new(
        TestTopologies.Line(100, TestTopologies.Mine(Mine, reportIntervalSeconds: 30), TestTopologies.Port(Port), TestTopologies.Plant(Plant)),
        new DetectionOptions { EwmaAlpha = 1, Thresholds = { [RuleThresholds.MinimumOpenSeconds] = minOpenSeconds } });

    private static void Output(DetectionNetwork n, double ratio, int times = 1)
    {
        for (var i = 0; i < times; i++) n.Reading(Mine, Metric.OutputTpd, ratio * 800);
    }

    [Theory]
    [InlineData(0.599, Severity.Warning)]
    [InlineData(0.6, null)]
    [InlineData(0.601, null)]
    [InlineData(0.299, Severity.Critical)]
    [InlineData(0.3, Severity.Warning)]
    [InlineData(0.301, Severity.Warning)]
    public void OutputDrop_opens_below_the_fire_ratio_and_is_critical_below_the_critical_ratio(double ratio, Severity? expected)
    {
        var n = Network();
        Output(n, ratio, 3);
        Assert.Equal(expected, n.Active(Mine, DisruptionKind.OutputDrop)?.Severity);
    }

    [Fact]
    public void OutputDrop_needs_three_consecutive_readings()
    {
        var n = Network();
        Output(n, 0.5, 2);
        Assert.Null(n.Active(Mine, DisruptionKind.OutputDrop));
        Output(n, 0.5);
        Assert.NotNull(n.Active(Mine, DisruptionKind.OutputDrop));
    }

    [Theory]
    [InlineData(0.749, false)]
    [InlineData(0.75, false)]
    [InlineData(0.751, true)]
    public void OutputDrop_clears_above_the_clear_ratio(double ratio, bool cleared)
    {
        var n = Network();
        Output(n, 0.5, 3);
        Output(n, ratio, 3);
        Assert.Equal(cleared, n.Active(Mine, DisruptionKind.OutputDrop) is null);
    }

    [Theory]
    [InlineData(0.301, Severity.Warning)]
    [InlineData(0.3, Severity.Warning)]
    [InlineData(0.299, Severity.Critical)]
    public void OutputDrop_escalates_beyond_the_critical_ratio(double ratio, Severity expected)
    {
        var n = Network();
        Output(n, 0.5, 3);
        Output(n, ratio);
        Assert.Equal(expected, n.Active(Mine, DisruptionKind.OutputDrop)!.Severity);
    }

    [Theory]
    [InlineData(0.449, Severity.Critical)]
    [InlineData(0.45, Severity.Warning)]
    [InlineData(0.451, Severity.Warning)]
    public void OutputDrop_deescalates_only_half_way_back_to_the_fire_ratio(double ratio, Severity expected)
    {
        var n = Network();
        Output(n, 0.1, 3);
        Output(n, ratio);
        var d = n.Active(Mine, DisruptionKind.OutputDrop)!;
        Assert.Equal(expected, d.Severity);
        Assert.Equal(expected == Severity.Warning ? EvidencePhases.Deescalated : EvidencePhases.Opened, d.Evidence[^1].Phase);
    }

    [Theory]
    [InlineData(6.99, Severity.Warning)]
    [InlineData(7.0, null)]
    [InlineData(7.01, null)]
    [InlineData(2.99, Severity.Critical)]
    [InlineData(3.0, Severity.Warning)]
    [InlineData(3.01, Severity.Warning)]
    public void InventoryLow_opens_below_seven_days_of_cover_and_is_critical_below_three(double days, Severity? expected)
    {
        var n = Network();
        n.Reading(Plant, Metric.InventoryT, days * 500);
        var d = n.Active(Plant, DisruptionKind.InventoryLow);
        Assert.Equal(expected, d?.Severity);
        if (d is not null) Assert.Equal(days, d.Evidence[0].Value, 9);
    }

    [Theory]
    [InlineData(9.99, false)]
    [InlineData(10.0, false)]
    [InlineData(10.01, true)]
    public void InventoryLow_clears_above_ten_days_of_cover(double days, bool cleared)
    {
        var n = Network();
        n.Reading(Plant, Metric.InventoryT, 5 * 500);
        n.Reading(Plant, Metric.InventoryT, days * 500);
        Assert.Equal(cleared, n.Active(Plant, DisruptionKind.InventoryLow) is null);
    }

    [Fact]
    public void InventoryLow_uses_the_reported_consumption_before_the_demand()
    {
        var n = Network();
        n.Reading(Plant, Metric.ConsumptionTpd, 1000);
        n.Reading(Plant, Metric.InventoryT, 6.5 * 500);
        Assert.Equal(Severity.Warning, n.Active(Plant, DisruptionKind.InventoryLow)!.Severity);
        Assert.Equal(3.25, n.Active(Plant, DisruptionKind.InventoryLow)!.Evidence[^1].Value, 9);
    }

    /// <summary>A shipment reported DELAYED with an ETA this many baselines after its departure.</summary>
    private static void Delayed(DetectionNetwork n, double ratio)
    {
        var departed = n.Now - TimeSpan.FromHours(1);
        n.Shipment(LaneToPlant, "s-1", ShipmentEventKind.Delayed, departed, departed + TimeSpan.FromHours(100 * ratio));
    }

    [Theory]
    [InlineData(1.2499, null)]
    [InlineData(1.25, null)]
    [InlineData(1.2501, Severity.Warning)]
    [InlineData(1.9999, Severity.Warning)]
    [InlineData(2.0, Severity.Warning)]
    [InlineData(2.0001, Severity.Critical)]
    public void LaneDelay_opens_above_one_and_a_quarter_baselines_and_is_critical_above_two(double ratio, Severity? expected)
    {
        var n = Network();
        Delayed(n, ratio);
        Assert.Equal(expected, n.Active(LaneToPlant, DisruptionKind.LaneDelay)?.Severity);
    }

    [Theory]
    [InlineData(1.1001, false)]
    [InlineData(1.1, false)]
    [InlineData(1.0999, true)]
    public void LaneDelay_clears_back_under_one_point_one_baselines(double ratio, bool cleared)
    {
        var n = Network();
        Delayed(n, 1.5);
        Delayed(n, ratio);
        Assert.Equal(cleared, n.Active(LaneToPlant, DisruptionKind.LaneDelay) is null);
    }

    [Fact]
    public void LaneDelay_fires_when_a_shipment_stays_in_transit_too_long_even_without_news()
    {
        var n = Network();
        n.Shipment(LaneToPlant, "s-2", ShipmentEventKind.Departed);

        n.Advance(TimeSpan.FromHours(125));
        Assert.Null(n.Active(LaneToPlant, DisruptionKind.LaneDelay));
        n.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Severity.Warning, n.Active(LaneToPlant, DisruptionKind.LaneDelay)!.Severity);
        n.Advance(TimeSpan.FromHours(75));
        Assert.Equal(Severity.Critical, n.Active(LaneToPlant, DisruptionKind.LaneDelay)!.Severity);

        n.Shipment(LaneToPlant, "s-2", ShipmentEventKind.Arrived);
        // Arrived after 201 h: the realized average keeps the lane delayed until faster arrivals bring it back.
        Assert.NotNull(n.Active(LaneToPlant, DisruptionKind.LaneDelay));
    }

    [Theory]
    [InlineData(89.999, false)]
    [InlineData(90.0, false)]
    [InlineData(90.001, true)]
    public void FeedSilent_opens_after_three_report_intervals_without_an_observation(double seconds, bool silent)
    {
        var n = Network();
        n.Advance(TimeSpan.FromSeconds(seconds));
        Assert.Equal(silent, n.Active(Mine, DisruptionKind.FeedSilent) is not null);
        Assert.Equal(silent ? OperationalStatus.Unknown : OperationalStatus.Operational, n.Status(Mine));
    }

    [Fact]
    public void FeedSilent_clears_with_the_next_observation()
    {
        var n = Network();
        n.Advance(TimeSpan.FromSeconds(120));
        Assert.NotNull(n.Active(Mine, DisruptionKind.FeedSilent));

        n.Reading(Mine, Metric.OutputTpd, 800);

        Assert.Null(n.Active(Mine, DisruptionKind.FeedSilent));
        var cleared = n.Timeline.Last(e => e.Disruption!.Kind == DisruptionKind.FeedSilent);
        Assert.Equal(MonitoringEventType.DisruptionCleared, cleared.Type);
    }

    [Theory]
    [InlineData(5.49, false)]
    [InlineData(5.5, false)]
    [InlineData(5.51, true)]
    [InlineData(-5.49, false)]
    [InlineData(-5.5, false)]
    [InlineData(-5.51, true)]
    public void Anomaly_opens_when_a_cusum_exceeds_five_sigma(double step, bool anomalous)
    {
        // Twenty steady readings teach the series: mean 100, σ at its floor of 1 % (1), k = 0.5, h = 5.
        var n = Network();
        for (var i = 0; i < 20; i++) n.Reading(Plant, Metric.ConsumptionTpd, 100);
        Assert.Null(n.Active(Plant, DisruptionKind.Anomaly));

        n.Reading(Plant, Metric.ConsumptionTpd, 100 + step);

        var d = n.Active(Plant, DisruptionKind.Anomaly);
        Assert.Equal(anomalous, d is not null);
        if (d is not null) Assert.Equal(Severity.Info, d.Severity);
    }

    [Theory]
    [InlineData(2.51, false)]
    [InlineData(2.5, false)]
    [InlineData(2.49, true)]
    public void Anomaly_clears_when_the_statistic_is_back_under_half_the_decision_interval(double statistic, bool cleared)
    {
        var book = new DisruptionBook(new DisruptionBookState(), new SubjectIdentity("k", SubjectType.Node, "K", ["cu"]), 20, null);
        var series = new MetricSeriesState { ReferenceMean = 100, ReferenceVariance = 1, ReferenceCount = 100, CusumHigh = 9 };
        var t = RuleThresholds.Defaults.With(new Dictionary<string, double> { [RuleThresholds.MinimumOpenSeconds] = 0 });
        var now = DateTimeOffset.UtcNow;
        AnomalyRule.Evaluate(book, series, t, 0.05, "ConsumptionTpd", "consumption_tpd", ["cu"], 100.5, now, now);
        Assert.Single(book.Active);

        // With σ = 1 and the value at mean + k, the sum does not move: the statistic is what is set.
        series.ReferenceMean = 100;
        series.ReferenceVariance = 1;
        series.CusumHigh = statistic;
        AnomalyRule.Evaluate(book, series, t, 0.05, "ConsumptionTpd", "consumption_tpd", ["cu"], 100.5, now, now);

        Assert.Equal(cleared, book.Active.Count == 0);
    }

    [Theory]
    [InlineData(4.99, Severity.Critical)]
    [InlineData(5.0, Severity.Warning)]
    [InlineData(5.01, Severity.Warning)]
    public void UpstreamExposure_is_critical_when_days_of_cover_are_shorter_than_the_expected_disruption(double coverDays, Severity expected)
    {
        var n = Network();
        n.Reading(Plant, Metric.InventoryT, coverDays * 500);
        n.Report(Port, "strike", Cause.Strike, Severity.Critical, TimeSpan.FromDays(5));

        var exposure = n.Active(Plant, DisruptionKind.UpstreamExposure)!;
        Assert.Equal(expected, exposure.Severity);
        Assert.Equal(coverDays, exposure.Evidence[0].Value, 9);
        Assert.Equal(5.0, exposure.Evidence[0].Threshold, 9);
    }

    [Theory]
    [InlineData(5.49, Severity.Critical)]
    [InlineData(5.5, Severity.Critical)]
    [InlineData(5.51, Severity.Warning)]
    public void UpstreamExposure_goes_back_to_warning_only_when_cover_exceeds_the_expected_disruption_by_ten_percent(double coverDays, Severity expected)
    {
        var n = Network();
        n.Reading(Plant, Metric.InventoryT, 2 * 500);
        n.Report(Port, "strike", Cause.Strike, Severity.Critical, TimeSpan.FromDays(5));

        n.Reading(Plant, Metric.InventoryT, coverDays * 500);

        Assert.Equal(expected, n.Active(Plant, DisruptionKind.UpstreamExposure)!.Severity);
    }

    [Fact]
    public void UpstreamExposure_without_known_inventory_stays_a_warning()
    {
        var n = Network();
        n.Report(Port, "strike", Cause.Strike, Severity.Critical, TimeSpan.FromDays(5));

        var exposure = n.Active(Plant, DisruptionKind.UpstreamExposure)!;
        Assert.Equal(Severity.Warning, exposure.Severity);
        Assert.Contains("days of cover unknown", exposure.Summary);
    }

    [Theory]
    [InlineData(Severity.Warning, false)]
    [InlineData(Severity.Critical, true)]
    public void LaneBlocked_follows_a_disrupted_origin_and_clears_when_it_recovers(Severity declared, bool blocked)
    {
        var n = Network();
        n.Report(Port, "r", Cause.Accident, declared, TimeSpan.FromDays(2));
        Assert.Equal(blocked, n.Active(LaneToPlant, DisruptionKind.LaneBlocked) is not null);

        n.ClearReport(Port, "r");
        Assert.Null(n.Active(LaneToPlant, DisruptionKind.LaneBlocked));
    }

    [Fact]
    public void A_port_closure_declared_on_a_lane_blocks_it()
    {
        var n = Network();
        n.Report(LaneToPlant, "closure", Cause.PortClosure, Severity.Critical, TimeSpan.FromDays(1), "berth closed");

        var blocked = n.Active(LaneToPlant, DisruptionKind.LaneBlocked)!;
        Assert.Equal((Severity.Critical, Cause.PortClosure, "closure"), (blocked.Severity, blocked.Cause, blocked.ReportId));
        Assert.NotNull(n.Active(Plant, DisruptionKind.UpstreamExposure));
    }

    [Fact]
    public void Declared_report_opens_updates_and_clears_one_disruption()
    {
        var n = Network();
        n.Report(Port, "r-1", Cause.Strike, Severity.Warning, TimeSpan.FromDays(3), "dock workers out");
        var opened = n.Active(Port, DisruptionKind.Declared)!;
        Assert.Equal((Severity.Warning, Cause.Strike, "declared strike: dock workers out"), (opened.Severity, opened.Cause, opened.Summary));
        Assert.Equal("feed:test-feed", opened.History[0].Actor);

        var before = n.Timeline.Count;
        n.Report(Port, "r-1", Cause.Strike, Severity.Warning, TimeSpan.FromDays(3), "dock workers out");
        Assert.Equal(before, n.Timeline.Count);

        n.Report(Port, "r-1", Cause.Strike, Severity.Critical, TimeSpan.FromDays(3), "dock workers out");
        var escalated = n.Active(Port, DisruptionKind.Declared)!;
        Assert.Equal((opened.Id, Severity.Critical, EvidencePhases.Escalated), (escalated.Id, escalated.Severity, escalated.Evidence[^1].Phase));

        n.ClearReport(Port, "r-1");
        Assert.Null(n.Active(Port, DisruptionKind.Declared));
        Assert.Equal("cleared by provider", n.Timeline.Last(e => e.Disruption!.Id == opened.Id).Disruption!.History[^1].Reason);
    }

    [Fact]
    public void Declared_disruption_clears_when_its_expected_end_passes()
    {
        var n = Network();
        n.Report(Port, "r-2", Cause.Weather, Severity.Warning, TimeSpan.FromHours(2));

        n.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.NotNull(n.Active(Port, DisruptionKind.Declared));
        n.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(n.Active(Port, DisruptionKind.Declared));
    }

    [Fact]
    public void Readings_for_a_commodity_the_node_does_not_carry_are_rejected()
    {
        var batch = new SubjectBatch("feed", 1, DateTimeOffset.UtcNow, [new NodeReading(4, DateTimeOffset.UtcNow, Metric.OutputTpd, 10, "li")], [], []);

        var rejection = Assert.Single(NodeMonitor.Validate(TestTopologies.Mine(Mine), batch));

        Assert.Equal((4, RejectionCodes.UnknownCommodity), (rejection.Index, rejection.Code));
    }

    // UPSTREAM_EXPOSURE: cover against the days the outage is still expected to last (ratio = cover / remaining).

    [Theory]
    [InlineData(0.999, Severity.Critical)]
    [InlineData(1.0, Severity.Warning)]
    [InlineData(1.001, Severity.Warning)]
    [InlineData(1.999, Severity.Warning)]
    [InlineData(2.0, Severity.Info)]
    [InlineData(2.001, Severity.Info)]
    public void UpstreamExposure_opens_critical_below_one_warning_below_two_and_info_above(double ratio, Severity expected) =>
        Assert.Equal(expected, UpstreamExposureRule.Judge(null, ratio * 10, 10, RuleThresholds.Defaults));

    [Theory]
    [InlineData(Severity.Critical, 1.099, Severity.Critical)]
    [InlineData(Severity.Critical, 1.1, Severity.Critical)]
    [InlineData(Severity.Critical, 1.101, Severity.Warning)]
    [InlineData(Severity.Critical, 2.201, Severity.Info)]
    [InlineData(Severity.Warning, 2.199, Severity.Warning)]
    [InlineData(Severity.Warning, 2.2, Severity.Warning)]
    [InlineData(Severity.Warning, 2.201, Severity.Info)]
    [InlineData(Severity.Info, 1.999, Severity.Warning)]
    [InlineData(Severity.Info, 0.999, Severity.Critical)]
    public void UpstreamExposure_eases_only_ten_percent_past_a_threshold(Severity current, double ratio, Severity expected) =>
        Assert.Equal(expected, UpstreamExposureRule.Judge(current, ratio * 10, 10, RuleThresholds.Defaults));

    [Theory]
    [InlineData(null, 5.0)]
    [InlineData(50.0, 0.0)]
    public void UpstreamExposure_without_a_cover_or_past_the_expected_end_is_a_warning(double? cover, double remaining) =>
        Assert.Equal(Severity.Warning, UpstreamExposureRule.Judge(Severity.Info, cover, remaining, RuleThresholds.Defaults));

    [Fact]
    public void UpstreamExposure_adds_evidence_only_when_cover_moves_materially()
    {
        // The plant uses 500 t/d and its inbound lane carries 1,500 t/d: cover = inventory / 500. The port's strike lasts 10 days.
        var n = Network();
        n.Reading(Plant, Metric.InventoryT, 500 * 30);
        n.Report(Port, "strike", Cause.Strike, Severity.Critical, TimeSpan.FromDays(10));
        var opened = n.Active(Plant, DisruptionKind.UpstreamExposure)!;
        Assert.Equal((Severity.Info, 1), (opened.Severity, opened.Evidence.Count));

        // Noise: 30 → 31 → 29.5 days of cover, each less than 10 % away from the 30 on the last line.
        foreach (var days in new[] { 31.0, 29.5, 32.9 }) n.Reading(Plant, Metric.InventoryT, 500 * days);
        Assert.Single(n.Active(Plant, DisruptionKind.UpstreamExposure)!.Evidence);

        // 33.1 days is more than 10 % above 30: a new line (still INFO: the strike lasts 10 days).
        n.Reading(Plant, Metric.InventoryT, 500 * 33.1);
        var moved = n.Active(Plant, DisruptionKind.UpstreamExposure)!;
        Assert.Equal((Severity.Info, 2, 33.1), (moved.Severity, moved.Evidence.Count, moved.Evidence[^1].Value));

        // 15 days: half the margin is gone — WARNING, with its own line.
        n.Reading(Plant, Metric.InventoryT, 500 * 15);
        Assert.Equal((Severity.Warning, 3), (n.Active(Plant, DisruptionKind.UpstreamExposure)!.Severity, n.Active(Plant, DisruptionKind.UpstreamExposure)!.Evidence.Count));
    }
}
