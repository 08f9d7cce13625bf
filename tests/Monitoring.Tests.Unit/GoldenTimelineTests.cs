using System.Globalization;
using System.Text;
using Monitoring.Contracts;
using Monitoring.Tests.Unit.Detection;

namespace Monitoring.Tests.Unit;

/// <summary>
/// Replays a recorded scenario (observations with timestamps) through the detection engine and
/// compares the exact disruption timeline with the one on file. After an intended change of
/// behaviour, regenerate the file with UPDATE_GOLDEN=1 and review the difference.
/// </summary>
public sealed class GoldenTimelineTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Monitoring.Tests.Unit", "Golden");

    [Theory]
    [InlineData("chain-incidents")]
    public void Replaying_the_scenario_produces_the_recorded_timeline(string name)
    {
        var network = new DetectionNetwork(TestTopologies.Line(24,
            TestTopologies.Mine("mine", reportIntervalSeconds: 60), TestTopologies.Smelter("smelter"), TestTopologies.Port("port"), TestTopologies.Plant("plant")));
        var start = network.Now;
        var timeline = new StringBuilder();
        var rendered = 0;

        foreach (var (line, number) in File.ReadLines(Path.Combine(Folder, name + ".scenario")).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = start + TimeSpan.Parse(parts[0], CultureInfo.InvariantCulture);
            Assert.True(at >= network.Now, $"line {number}: time goes backwards");
            network.Advance(at - network.Now);
            var refused = Replay(network, parts[1], parts[2], parts[3..], number);
            Render(timeline, network.Timeline.Skip(rendered), start);
            rendered = network.Timeline.Count;
            if (refused is not null) timeline.Append(CultureInfo.InvariantCulture, $"+{network.Now - start:hh\\:mm\\:ss} REFUSED       {parts[2]} {parts[3]}: {refused}\n");
        }

        var actual = timeline.ToString();
        var expectedPath = Path.Combine(Folder, name + ".timeline");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1") File.WriteAllText(expectedPath, actual);
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
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

    private static string Name(MonitoringEventType type) => type.ToString().Replace("Disruption", "").ToUpperInvariant();
}
