using Monitoring.Contracts;
using Monitoring.Gateway.Events;

namespace Monitoring.Tests.Unit;

public sealed class EventFilterTests
{
    private static MonitoringEvent Event(MonitoringEventType type, Severity now, params Severity[] before)
    {
        var at = DateTimeOffset.UtcNow;
        var history = before.Append(now).Select(s => new DisruptionTransition(DisruptionState.Open, s, at, "system", "")).ToList();
        var d = new Disruption("p--output-drop-1", "p", SubjectType.Node, "P", ["cu"], DisruptionKind.OutputDrop, now, DisruptionState.Open,
            at, null, at, "", [], history, null, null, null, null, history.Count);
        return new MonitoringEvent(type, at, d, 0, null);
    }

    [Fact]
    public void A_critical_only_consumer_sees_a_critical_disruption_ease_and_clear()
    {
        var filter = EventFilter.From([], [], Severity.Critical);

        Assert.False(filter.Wants(Event(MonitoringEventType.DisruptionOpened, Severity.Warning)));
        Assert.True(filter.Wants(Event(MonitoringEventType.DisruptionUpdated, Severity.Critical, Severity.Warning)));
        Assert.True(filter.Wants(Event(MonitoringEventType.DisruptionUpdated, Severity.Warning, Severity.Warning, Severity.Critical)));
        Assert.True(filter.Wants(Event(MonitoringEventType.DisruptionCleared, Severity.Warning, Severity.Critical)));
    }

    [Fact]
    public void Commodity_and_subject_filters_narrow_the_events_but_topology_events_always_pass()
    {
        var filter = EventFilter.From(["li"], ["q"], null);

        Assert.False(filter.Wants(Event(MonitoringEventType.DisruptionOpened, Severity.Critical)));
        Assert.True(filter.Wants(new MonitoringEvent(MonitoringEventType.TopologyChanged, DateTimeOffset.UtcNow, null, 7, null)));
    }

    [Fact]
    public void Indicator_events_follow_the_commodity_filter_and_skip_subject_and_severity_consumers()
    {
        var score = new ResilienceScore(50, 1, 0.5, 0.5, 0, 1, ScoreWeights.Default);
        var lithium = new MonitoringEvent(MonitoringEventType.IndicatorsChanged, DateTimeOffset.UtcNow, null, 3, null,
            new CommodityIndicators("li", DateTimeOffset.UtcNow, score, [], 0, [], [], 3));

        Assert.True(EventFilter.From([], [], null).Wants(lithium));
        Assert.True(EventFilter.From(["li"], [], null).Wants(lithium));
        Assert.False(EventFilter.From(["cu"], [], null).Wants(lithium));
        Assert.False(EventFilter.From([], ["mine.a"], null).Wants(lithium));
        Assert.False(EventFilter.From([], [], Severity.Warning).Wants(lithium));
    }

    [Fact]
    public void Incident_events_match_by_commodity_root_or_member_subject_and_peak_severity()
    {
        var at = DateTimeOffset.UtcNow;
        var member = new IncidentMember("lane.q--lane-blocked-1", "lane.q", SubjectType.Lane, "Q", DisruptionKind.LaneBlocked, Severity.Warning,
            DisruptionState.Open, false, ["cu"], at, at, null, null, "", 1);
        var incident = new Incident("port.p--incident-1", "Strike at P", "port.p", "P", SubjectType.Node, Cause.Strike, Severity.Warning, IncidentState.Open,
            at, at, null, null, [member], ["cu"], IncidentImpact.None(at), [], 3, PeakSeverity: Severity.Critical);
        var e = new MonitoringEvent(MonitoringEventType.IncidentUpdated, at, null, 0, null, null, incident);

        Assert.True(EventFilter.From(["cu"], [], null).Wants(e));
        Assert.False(EventFilter.From(["li"], [], null).Wants(e));
        Assert.True(EventFilter.From([], ["port.p"], null).Wants(e));
        Assert.True(EventFilter.From([], ["lane.q"], null).Wants(e));
        Assert.False(EventFilter.From([], ["mine.z"], null).Wants(e));
        Assert.True(EventFilter.From([], [], Severity.Critical).Wants(e));
        Assert.False(EventFilter.From([], [], Severity.Critical).Wants(e with { Incident = incident with { PeakSeverity = Severity.Warning } }));
    }
}
