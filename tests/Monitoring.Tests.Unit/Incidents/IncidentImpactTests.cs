using Monitoring.Contracts;
using Monitoring.Domain.Incidents;
using Monitoring.Domain.Indicators;
using Monitoring.Tests.Unit.Indicators;
using static Monitoring.Tests.Unit.Incidents.Disruptions;

namespace Monitoring.Tests.Unit.Incidents;

/// <summary>The impact arithmetic of docs/incidents.md, against figures computed by hand.</summary>
public sealed class IncidentImpactTests
{
    private const double Tolerance = 1e-9;

    /// <summary>
    /// mine.m (CL, 100 t/d) → 2 d → port.p (CL, 200 t/d at 50 %, holds 300 t) → 1 d → consumer.c (US, uses 160 t/d, holds 500 t);
    /// mine.k (CN, 60 t/d) → 3 d → consumer.c.
    /// </summary>
    private static NetworkBuilder Network() => new NetworkBuilder()
        .Node("mine.m", Stage.Extraction, "CL", 100, recoveryDays: 14)
        .Node("port.p", Stage.Logistics, "CL", 200, utilization: 0.5, recoveryDays: 12)
        .Node("mine.k", Stage.Extraction, "CN", 60)
        .Node("consumer.c", Stage.Consumption, "US", 0, demand: 160)
        .Lane("lane.m-p", "mine.m", "port.p", transitDays: 2)
        .Lane("lane.p-c", "port.p", "consumer.c", transitDays: 1)
        .Lane("lane.k-c", "mine.k", "consumer.c", transitDays: 3)
        .Condition("port.p", inventory: 300)
        .Condition("consumer.c", inventory: 500);

    /// <summary>
    /// The port down and lane.k-c closed at its own cause for 10 days. Lost: the port's normal throughput
    /// 200 × 0.5 = 100 t/d (Chile, a partner) plus lane.k-c's flow 60 t/d (China) = 160 t/d; lane.p-c, closed
    /// too, starts at the port and is not counted again. consumer.c loses 60 t/d at once and 100 t/d more from
    /// day 1: 60 t short by day 1, then 160 t/d, so its 500 t run out on day 1 + 440 / 160 = 3.75, before the 10 days.
    /// </summary>
    [Fact]
    public void Port_down_and_a_closed_lane_lose_their_normal_flow_once_and_run_the_consumer_out_on_day_3_75()
    {
        var scope = new OutageScope(["port.p"], [], ["lane.k-c", "lane.p-c"], 10);

        var assessment = OutageAssessor.Assess(Network().Build(), scope, new IndicatorOptions());

        Assert.Equal((160, 100, 10), (assessment.LostTonnesPerDay, assessment.PartnerTonnesPerDay, assessment.Days));
        var consumer = Assert.Single(assessment.Downstream);
        Assert.Equal(("consumer.c", 160), (consumer.NodeId, consumer.ShortfallTonnesPerDay));
        Assert.Equal(3.75, consumer.RunsOutDay!.Value, Tolerance);
        Assert.Equal(3.75, consumer.DaysOfCover, Tolerance);
    }

    /// <summary>
    /// mine.m impaired, reporting 40 of its 100 t/d for 4 days: 60 t/d lost. The port misses 60 t/d of arrivals from
    /// day 2 to day 6, 240 t, and holds 300 t, which would last until day 2 + 300 / 60 = 7: it passes nothing on.
    /// </summary>
    [Fact]
    public void An_impaired_node_loses_its_shortfall_and_a_port_that_outlasts_the_outage_shows_its_days_of_cover()
    {
        var network = Network().Condition("mine.m", OperationalStatus.Degraded, output: 40).Build();

        var assessment = OutageAssessor.Assess(network, new OutageScope([], ["mine.m"], [], 4), new IndicatorOptions());

        Assert.Equal((60, 60), (assessment.LostTonnesPerDay, assessment.PartnerTonnesPerDay));
        var port = Assert.Single(assessment.Downstream);
        Assert.Equal(("port.p", 60), (port.NodeId, port.ShortfallTonnesPerDay));
        Assert.Null(port.RunsOutDay);
        Assert.Equal(7, port.DaysOfCover, Tolerance);
    }

    [Fact]
    public void Without_an_expected_end_the_outage_lasts_the_recovery_days_of_what_is_down()
    {
        var assessment = OutageAssessor.Assess(Network().Build(), new OutageScope(["port.p"], [], [], null), new IndicatorOptions());

        Assert.Equal(12, assessment.Days);
    }

    [Fact]
    public void The_commodities_assessments_make_the_incidents_impact_dated_from_now()
    {
        var scope = new OutageScope(["port.p"], [], ["lane.k-c"], 10);
        var assessment = OutageAssessor.Assess(Network().Build(), scope, new IndicatorOptions());

        var impact = IncidentImpacts.Combine([assessment, new OutageAssessment("li", 0, 0, 10, [])], scope, T0);

        Assert.Equal(160, impact.LostTonnesPerDay);
        Assert.Equal(["cu"], impact.LostByCommodity.Select(l => l.Commodity));
        Assert.Equal(100.0 / 160, impact.PartnerShare, Tolerance);
        Assert.Equal(T0.AddDays(10), impact.ExpectedRecoveryAt);
        var consumer = Assert.Single(impact.AffectedNodes);
        Assert.Equal((T0.AddDays(3.75), true, "cu"), (consumer.RunsOutAt, consumer.StockoutBeforeRecovery, consumer.Commodity));
    }

    [Fact]
    public void The_scope_takes_down_critical_roots_impairs_warning_ones_closes_root_lanes_and_ignores_consequences()
    {
        var strike = Declared("port.p", "Port P", Severity.Critical, "strike", TimeSpan.FromDays(5));
        var drop = Root("mine.m--output-drop-1", "mine.m", "Mine M", DisruptionKind.OutputDrop, Severity.Warning, "output 40 %") with
        {
            EstimatedTimeToRecover = TimeSpan.FromDays(14),
        };
        var closure = Root("lane.k-c--lane-blocked-1", "lane.k-c", "K to C", DisruptionKind.LaneBlocked, Severity.Critical, "declared port closure", SubjectType.Lane);
        var feed = Root("mine.k--feed-silent-1", "mine.k", "Mine K", DisruptionKind.FeedSilent, Severity.Warning, "silent");
        var blocked = Consequence("lane.p-c--lane-blocked-1", "lane.p-c", DisruptionKind.LaneBlocked, Severity.Critical, strike.Id);
        var incident = IncidentOf(strike, drop, closure, feed, blocked);

        var scope = IncidentImpacts.Scope(incident, T0.AddDays(1));

        Assert.Equal(["port.p"], scope.DownNodeIds);
        Assert.Equal(["mine.m"], scope.ImpairedNodeIds);
        Assert.Equal(["lane.k-c"], scope.DownLaneIds);
        Assert.Equal(13, scope.Days);
    }

    [Fact]
    public void An_output_drop_of_one_commodity_takes_nothing_out_of_another_the_node_handles()
    {
        var drop = Root("port.p--output-drop-1", "port.p", "Port P", DisruptionKind.OutputDrop, Severity.Warning, "cu output 40 %");
        var lithiumLane = Consequence("lane.li--lane-blocked-1", "lane.li", DisruptionKind.LaneBlocked, Severity.Critical, drop.Id) with { Commodities = ["li"] };
        var incident = IncidentOf(drop, lithiumLane) with { Commodities = ["cu", "li"] };

        var scopes = IncidentImpacts.ScopesByCommodity(incident, T0);

        var (commodity, scope) = Assert.Single(scopes);
        Assert.Equal(("cu", "port.p"), (commodity, Assert.Single(scope.ImpairedNodeIds)));
    }

    /// <summary>A lane closed at its own cause from a node losing 60 % of its output: only the 40 % it would still carry is lost on it.</summary>
    [Fact]
    public void A_closed_lane_from_an_impaired_node_loses_only_what_the_nodes_shortfall_does_not_count()
    {
        var network = Network().Condition("mine.m", OperationalStatus.Degraded, output: 40).Build();

        var assessment = OutageAssessor.Assess(network, new OutageScope([], ["mine.m"], ["lane.m-p"], 5), new IndicatorOptions());

        Assert.Equal(60 + 100 * 0.4, assessment.LostTonnesPerDay, 9);
    }

    private static Incident IncidentOf(params Disruption[] members) =>
        new("x--incident-1", "", "x", "x", SubjectType.Node, null, Severity.Critical, IncidentState.Open, T0, T0, null, null,
            members.Select(IncidentBook.Member).ToList(), ["cu"], IncidentImpact.None(T0), [], 1);
}
