using System.Globalization;

namespace Monitoring.Domain.Detection;

/// <summary>
/// How impairments travel along lanes. Signals carry root causes rather than "I am disrupted", so a
/// cycle in the network cannot keep a disruption alive: a subject ignores causes rooted at itself.
/// </summary>
public static class Propagation
{
    /// <summary>Lanes a node's signal goes to: all of them (each lane takes what concerns it, see <see cref="ForLane"/>).</summary>
    public static IEnumerable<string> LanesToTell(NodeConfiguration node) => node.OutboundLaneIds.Concat(node.InboundLaneIds).Distinct();

    /// <summary>
    /// What a node tells one of its lanes: an outbound lane everything (a disrupted node ships nothing);
    /// an inbound lane only the disruptions of a port or warehouse itself (a strike at the port stops
    /// ships unloading) — a shortage inherited from upstream stops nothing arriving, and other kinds of
    /// node do not block what they receive.
    /// </summary>
    public static ImpairmentSignal ForLane(ImpairmentSignal signal, NodeConfiguration node, string laneId)
    {
        if (node.OutboundLaneIds.Contains(laneId)) return signal;
        var own = node.Spec.IsLogistics ? signal.Causes.Where(c => c.SubjectId == node.Spec.Id).ToList() : [];
        return own.Count == signal.Causes.Count ? signal : signal with { Disrupted = signal.Disrupted && own.Count > 0, Causes = own };
    }

    /// <summary>The node a lane's signal goes to: a disrupted lane exposes its destination.</summary>
    public static string NodeToTell(LaneConfiguration lane) => lane.Spec.ToNodeId;

    /// <summary>
    /// The causes of a signal that concern a receiver carrying <paramref name="commodity"/>: none unless
    /// the sender is disrupted, only those stopping that commodity, and never one that already passed
    /// through the receiver (so no loop can keep a cause alive).
    /// </summary>
    public static IReadOnlyList<RootCause> Relevant(ImpairmentSignal? signal, string receiverId, string commodity) =>
        signal is { Disrupted: true } ? signal.Causes.Where(c => c.Affects(commodity) && !c.HasVisited(receiverId)).ToList() : [];

    /// <summary>Time until the last of the causes is expected to end (never negative).</summary>
    public static TimeSpan RemainingUntil(IReadOnlyList<RootCause> causes, DateTimeOffset now)
    {
        var remaining = causes.Max(c => c.ExpectedEnd) - now;
        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }

    /// <summary>The disruption ids of the root causes, in order (what a consequence records as its <see cref="Disruption.RootCauseIds"/>).</summary>
    public static IReadOnlyList<string> Ids(IReadOnlyList<RootCause> causes) => causes.Select(c => c.DisruptionId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The names of the root causes' subjects, in the order of <see cref="Ids"/>.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<RootCause> causes) =>
        causes.DistinctBy(c => c.DisruptionId, StringComparer.Ordinal).Select(c => c.SubjectName).ToList();

    /// <summary>Whether a consequence already records these root causes (its incidents follow them).</summary>
    public static bool SameRoots(Disruption consequence, IReadOnlyList<RootCause> causes) =>
        (consequence.RootCauseIds ?? []).SequenceEqual(Ids(causes), StringComparer.Ordinal);

    /// <summary>"port.cl.angamos: declared strike: … (+1 more)".</summary>
    public static string Describe(IReadOnlyList<RootCause> causes)
    {
        var first = causes[0];
        return $"{first.SubjectName}: {first.Summary}" + (causes.Count > 1 ? $" (+{causes.Count - 1} more)" : "");
    }

    /// <summary>Every root cause with its expected end, for the evidence.</summary>
    public static string Note(IReadOnlyList<RootCause> causes, DateTimeOffset now) =>
        "root causes: " + string.Join("; ", causes.Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"{c.DisruptionId} ({c.Kind}, expected to end {c.ExpectedEnd:u}, in {Math.Max(0, (c.ExpectedEnd - now).TotalDays):0.#} d)")));

    /// <summary>When a disruption is expected to end: the provider's expected duration, else its estimated time to recover, else the subject's.</summary>
    public static DateTimeOffset ExpectedEnd(Disruption d, TimeSpan subjectRecovery) =>
        d.OpenedAt + (d.ExpectedDuration ?? d.EstimatedTimeToRecover ?? subjectRecovery);
}
