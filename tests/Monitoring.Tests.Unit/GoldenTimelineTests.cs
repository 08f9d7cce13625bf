using System.Globalization;
using System.Text;
using Monitoring.Contracts;
using Monitoring.Tests.Unit.Detection;

namespace Monitoring.Tests.Unit;

/// <summary>
/// Replays a recorded scenario (observations with timestamps) through the detection engine and
/// compares the exact timeline of disruptions, and of the incidents they make with their impact, with the one
/// on file. After an intended change of
/// behaviour, regenerate the file with UPDATE_GOLDEN=1 and review the difference.
/// </summary>
public sealed class GoldenTimelineTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Monitoring.Tests.Unit", "Golden");

    [Theory]
    [InlineData("chain-incidents")]
    public void Replaying_the_scenario_produces_the_recorded_timeline(string name)
    {
        var timeline = new StringBuilder();

        Replay(name, TimeSpan.MaxValue, timeline);

        var actual = timeline.ToString();
        var expectedPath = Path.Combine(Folder, name + ".timeline");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1") File.WriteAllText(expectedPath, actual);
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>
    /// The scripted events of the scenario are one incident each, plus what the rules find on their own: the
    /// conveyor failure (the mine's drop, the lanes it blocks and the nodes it exposes), the port strike (its
    /// declaration, both lanes at the port and the plant's exposure), the plant's low inventory (still low at the
    /// end: the plant reports no new stock), and the mine's two silent spells.
    /// </summary>
    [Fact]
    public void The_scenario_makes_one_incident_per_scripted_event_with_its_members()
    {
        var network = Replay("chain-incidents", TimeSpan.MaxValue);

        var incidents = network.Incidents.Select(i => (i.Id, i.DisruptionCount, i.State)).ToList();
        Assert.Equal(
            [("mine--incident-1", 7, IncidentState.Cleared), ("port--incident-1", 4, IncidentState.Cleared), ("plant--incident-1", 1, IncidentState.Open),
             ("mine--incident-2", 1, IncidentState.Cleared), ("mine--incident-3", 1, IncidentState.Cleared)],
            incidents);
        Assert.True(network.Incidents.Sum(i => i.DisruptionCount) == network.Timeline.Select(e => e.Disruption!.Id).Distinct().Count(), "every disruption is in exactly one incident");
    }

    /// <summary>
    /// At 00:14 the strike is CRITICAL and the plant reported 1,000 t. The port's normal throughput is lost:
    /// 2,000 t/d × 0.8 = 1,600 t/d, all Chilean (a partner). Its only customer, the plant a day away, loses
    /// what the lane carries, 1,500 t/d (the lane's capacity), from day 1, so its 1,000 t last until day
    /// 1 + 1,000 / 1,500 = 1.67: before the strike's 3 days (less the 3 minutes gone) end.
    /// </summary>
    [Fact]
    public void The_port_strikes_impact_matches_the_figures_computed_by_hand()
    {
        var network = Replay("chain-incidents", TimeSpan.FromMinutes(14));

        var strike = network.Incidents.Single(i => i.Id == "port--incident-1");
        var impact = network.Impact(strike);

        Assert.Equal("Dock workers out at Port port", strike.Title);
        Assert.Equal(1600, impact.LostTonnesPerDay, 9);
        Assert.Equal(1, impact.PartnerShare, 9);
        Assert.Equal(3 - 3 / 1440.0, (impact.ExpectedRecoveryAt!.Value - network.Now).TotalDays, 6);
        var plant = Assert.Single(impact.AffectedNodes);
        Assert.Equal(("plant", 1500.0), (plant.NodeId, plant.ShortfallTonnesPerDay));
        Assert.Equal(1 + 1000 / 1500.0, plant.DaysOfCover!.Value, 9);
        Assert.True(plant.StockoutBeforeRecovery);
    }

    /// <summary>Replays the scenario's lines up to <paramref name="until"/> (from its start), rendering the timeline if asked.</summary>
    private static DetectionNetwork Replay(string name, TimeSpan until, StringBuilder? timeline = null)
    {
        var network = new DetectionNetwork(TestTopologies.Line(24,
            TestTopologies.Mine("mine", reportIntervalSeconds: 60), TestTopologies.Smelter("smelter"), TestTopologies.Port("port"), TestTopologies.Plant("plant")));
        var start = network.Now;
        var rendered = 0;
        foreach (var (line, number) in File.ReadLines(Path.Combine(Folder, name + ".scenario")).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var offset = TimeSpan.Parse(parts[0], CultureInfo.InvariantCulture);
            if (offset > until) break;
            Assert.True(start + offset >= network.Now, $"line {number}: time goes backwards");
            network.Advance(start + offset - network.Now);
            var refused = Replay(network, parts[1], parts[2], parts[3..], number);
            if (timeline is null) continue;
            Render(timeline, network.Timeline.Skip(rendered), start);
            rendered = network.Timeline.Count;
            Render(timeline, network.TakeIncidentChanges(), network, start);
            if (refused is not null) timeline.Append(CultureInfo.InvariantCulture, $"+{network.Now - start:hh\\:mm\\:ss} REFUSED       {parts[2]} {parts[3]}: {refused}\n");
        }
        return network;
    }

    /// <summary>Applies one scenario line; returns why an operator action was refused, if it was.</summary>
    private static string? Replay(DetectionNetwork n, string subject, string action, string[] args, int line)
    {
        string Rest(int from) => string.Join(' ', args[from..]);
        switch (action)
        {
            case "reading":
                n.Reading(subject, Enum.Parse<Metric>(args[0].Replace("_", ""), ignoreCase: true), double.Parse(args[1], CultureInfo.InvariantCulture));
                break;
            case "report":
                n.Report(subject, args[0], Enum.Parse<Cause>(args[1].Replace("_", ""), ignoreCase: true), Enum.Parse<Severity>(args[2], ignoreCase: true),
                    TimeSpan.Parse(args[3], CultureInfo.InvariantCulture), Rest(4));
                break;
            case "clear":
                n.ClearReport(subject, args[0]);
                break;
            case "ack":
                return Outcome(n.Acknowledge(SubjectOf(args[0]), args[0], args[1], Rest(2)));
            case "resolve":
                return Outcome(n.Resolve(SubjectOf(args[0]), args[0], args[1], Rest(2)));
            case "tick":
                break;
            default:
                Assert.Fail($"line {line}: unknown action '{action}'");
                break;
        }
        return null;
    }

    private static string? Outcome(DisruptionActionResult result) => result.Outcome == DisruptionActionOutcome.Done ? null : $"{result.Outcome}: {result.Message}";

    private static string SubjectOf(string disruptionId) => Identifiers.SubjectOfDisruption(disruptionId)!;

    private static void Render(StringBuilder text, IEnumerable<MonitoringEvent> events, DateTimeOffset start)
    {
        foreach (var e in events)
        {
            var d = e.Disruption!;
            var evidence = d.Evidence[^1];
            text.Append(CultureInfo.InvariantCulture,
                $"+{e.OccurredAt - start:hh\\:mm\\:ss} {Name(e.Type),-13} {d.Id,-34} {d.Kind,-16} {d.Severity,-8} {d.State,-12} v{d.Version} | {d.Summary}");
            text.Append(CultureInfo.InvariantCulture, $" | {evidence.Phase} {evidence.Quantity} {evidence.Value:0.###} vs {evidence.Threshold:0.###}");
            var last = d.History[^1];
            text.Append(CultureInfo.InvariantCulture, $" | {last.Actor}: {last.Reason}\n");
        }
    }

    /// <summary>An incident line, and for an active incident its impact now (supply lost, recovery, each node short).</summary>
    private static void Render(StringBuilder text, IReadOnlyList<Domain.Incidents.IncidentChange> changes, DetectionNetwork network, DateTimeOffset start)
    {
        foreach (var (type, i) in changes)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"+{i.UpdatedAt - start:hh\\:mm\\:ss} {Name(type),-17} {i.Id,-18} {i.Severity,-8} {i.State,-12} v{i.Version} | {i.Title} | {i.DisruptionCount} members: {string.Join(", ", i.DisruptionIds)}\n");
            if (!i.State.IsActive()) continue;
            var impact = network.Impact(i);
            text.Append(CultureInfo.InvariantCulture, $"          impact: lost {impact.LostTonnesPerDay:0.0} t/d ({string.Join(", ", impact.LostByCommodity.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Commodity} {l.LostTonnesPerDay:0.0}, partner {l.PartnerTonnesPerDay:0.0}")))})");
            text.Append(impact.ExpectedRecoveryAt is { } back ? string.Create(CultureInfo.InvariantCulture, $", recovery in {(back - network.Now).TotalDays:0.00} d") : ", recovery unknown");
            foreach (var n in impact.AffectedNodes)
            {
                text.Append(CultureInfo.InvariantCulture, $"; {n.NodeId} short {n.ShortfallTonnesPerDay:0.0} t/d, cover {n.DaysOfCover:0.00} d{(n.StockoutBeforeRecovery ? ", runs out before its supply is back" : "")}");
            }
            text.Append('\n');
        }
    }

    /// <summary>DisruptionOpened → "OPENED", IncidentOpened → "INCIDENT_OPENED".</summary>
    private static string Name(MonitoringEventType type) =>
        type.ToString().StartsWith("Incident", StringComparison.Ordinal) ? "INCIDENT_" + type.ToString()["Incident".Length..].ToUpperInvariant() : type.ToString().Replace("Disruption", "").ToUpperInvariant();
}
