using Monitoring.Contracts;

namespace Monitoring.Tests.Unit.Incidents;

/// <summary>Disruptions written out by hand for incident fixtures.</summary>
internal static class Disruptions
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static Disruption Declared(string nodeId, string name, Severity severity, string message, TimeSpan? expected = null, int number = 1) =>
        Root($"{nodeId}--declared-{number}", nodeId, name, DisruptionKind.Declared, severity, $"declared strike: {message}") with
        {
            Cause = Cause.Strike,
            ExpectedDuration = expected,
            EstimatedTimeToRecover = expected,
        };

    public static Disruption Root(string id, string subjectId, string name, DisruptionKind kind, Severity severity, string summary, SubjectType type = SubjectType.Node) =>
        new(id, subjectId, type, name, ["cu"], kind, severity, DisruptionState.Open, T0, null, T0, summary, [], [], null, null, null, null, 1);

    /// <summary>A lane blocked, or a node exposed, because of <paramref name="roots"/>.</summary>
    public static Disruption Consequence(string id, string subjectId, DisruptionKind kind, Severity severity, params string[] roots) =>
        new(id, subjectId, kind == DisruptionKind.LaneBlocked ? SubjectType.Lane : SubjectType.Node, subjectId, ["cu"], kind, severity, DisruptionState.Open,
            T0, null, T0, $"{kind} because of {string.Join(", ", roots)}", [], [], null, null, null, null, 1, roots);

    /// <summary>The next version, changed as given.</summary>
    public static Disruption Next(this Disruption d, Func<Disruption, Disruption>? change = null, TimeSpan? after = null)
    {
        var at = d.UpdatedAt + (after ?? TimeSpan.FromSeconds(1));
        return (change ?? (x => x))(d) with { Version = d.Version + 1, UpdatedAt = at };
    }

    public static Disruption Cleared(this Disruption d, TimeSpan? after = null) =>
        d.Next(x => x with { State = DisruptionState.Cleared, ClearedAt = x.UpdatedAt + (after ?? TimeSpan.FromSeconds(1)) }, after);
}
