using Monitoring.Api.V1;
using Monitoring.Gateway.Api;
using Monitoring.Simulator;

namespace Monitoring.Tests.Unit;

public sealed class DemoSimulatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static Topology Topology() => ProtoMapping.ToProto(TestTopologies.Chains("x"));

    private static DemoScript Script => new(TimeSpan.FromMinutes(10),
    [
        new ScriptedIncident("strike", "x.port", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), 0.05, Cause.Strike, Severity.Critical, TimeSpan.FromDays(5), "strike"),
        new ScriptedIncident("quiet-drop", "x.mine", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), 0.3),
        new ScriptedIncident("elsewhere", "not.in.topology", TimeSpan.Zero, TimeSpan.FromMinutes(1), 0.5, Cause.Other),
    ]);

    [Fact]
    public void Every_node_reports_its_metrics_to_its_owners_feed()
    {
        var simulator = new DemoSimulator(Topology(), Script, Start);

        var batches = simulator.Tick(Start);

        Assert.Equal(["test-mine", "test-plant", "test-port"], batches.Select(b => b.FeedId).Where(f => f != "test-shipping").Order());
        var mine = batches.Single(b => b.FeedId == "test-mine").Observations;
        var output = mine.Single(o => o.Measurement?.Metric == Metric.OutputTpd).Measurement;
        Assert.InRange(output.Value, 1000 * 0.8 * 0.9 * 0.98, 1000 * 0.8 * 1.02);
        Assert.Contains(mine, o => o.Measurement?.Metric == Metric.InventoryT);
        var port = batches.Single(b => b.FeedId == "test-port").Observations;
        Assert.Contains(port, o => o.Measurement?.Metric == Metric.HandledTpd);
        Assert.All(batches.SelectMany(b => b.Observations), o => Assert.Equal(Start, o.ObservedAt.ToDateTimeOffset()));
    }

    [Fact]
    public void Declared_incident_is_reported_once_at_its_start_and_cleared_at_its_end()
    {
        var simulator = new DemoSimulator(Topology(), Script, Start);
        var reports = new List<(TimeSpan At, DisruptionReport Report)>();
        for (var t = TimeSpan.Zero; t <= TimeSpan.FromMinutes(4); t += TimeSpan.FromSeconds(5))
        {
            reports.AddRange(simulator.Tick(Start + t).SelectMany(b => b.Observations).Where(o => o.Report is not null).Select(o => (t, o.Report)));
        }

        Assert.Equal(2, reports.Count);
        Assert.Equal((TimeSpan.FromSeconds(30), "x.port", "strike-1", false), (reports[0].At, reports[0].Report.SubjectId, reports[0].Report.ReportId, reports[0].Report.Clear));
        Assert.Equal(Severity.Critical, reports[0].Report.Severity);
        Assert.Equal((TimeSpan.FromSeconds(150), "strike-1", true), (reports[1].At, reports[1].Report.ReportId, reports[1].Report.Clear));
    }

    [Fact]
    public void Incident_lowers_output_while_it_lasts()
    {
        var simulator = new DemoSimulator(Topology(), Script, Start);
        double MineOutput(TimeSpan t) => simulator.Tick(Start + t).Single(b => b.FeedId == "test-mine").Observations
            .Single(o => o.Measurement?.Metric == Metric.OutputTpd).Measurement.Value;

        Assert.True(MineOutput(TimeSpan.FromSeconds(30)) > 700);
        Assert.True(MineOutput(TimeSpan.FromSeconds(70)) < 0.3 * 1000 * 1.02);
        Assert.True(MineOutput(TimeSpan.FromSeconds(130)) > 700);
    }

    [Fact]
    public void Incidents_on_subjects_missing_from_the_topology_are_skipped_and_named()
    {
        var simulator = new DemoSimulator(Topology(), Script, Start);

        Assert.Equal(["not.in.topology"], simulator.MissingSubjects);
        Assert.DoesNotContain(simulator.Tick(Start).SelectMany(b => b.Observations), o => o.Report?.SubjectId == "not.in.topology");
    }

    /// <summary>Demo:LeaveAlone: a provider trying the API on the demo has its subjects to itself, scripted incidents included.</summary>
    [Fact]
    public void A_provider_left_alone_gets_no_simulated_observation_and_no_scripted_incident()
    {
        var simulator = new DemoSimulator(Topology(), Script, Start, leaveAlone: new HashSet<string> { "test-port" });

        var batches = Enumerable.Range(0, 60).SelectMany(i => simulator.Tick(Start + TimeSpan.FromSeconds(5 * i))).ToList();

        Assert.DoesNotContain(batches, b => b.FeedId == "test-port");
        Assert.DoesNotContain(batches.SelectMany(b => b.Observations), o => o.Measurement?.NodeId == "x.port" || o.Report?.SubjectId == "x.port");
        Assert.Contains("x.port", simulator.MissingSubjects);
        Assert.Contains(batches, b => b.FeedId == "test-mine");
    }

    [Fact]
    public void Chile_us_script_starts_its_first_incident_within_a_minute()
    {
        var first = DemoScript.ChileUs.Incidents.MinBy(i => i.At)!;

        Assert.True(first.At < TimeSpan.FromMinutes(1));
        Assert.Equal("port.cl.angamos", first.SubjectId);
        Assert.NotNull(first.DeclaredCause);
    }
}
