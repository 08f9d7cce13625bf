using System.Globalization;

namespace Monitoring.Grains.Detection;

/// <summary>
/// How impairments travel along lanes. Signals carry root causes rather than "I am disrupted", so a
/// cycle in the network cannot keep a disruption alive: a subject ignores causes rooted at itself.
/// </summary>
public static class Propagation
{
    /// <summary>
    /// Lanes a node's signal goes to: a disrupted node blocks what leaves it; a disrupted port or
    /// warehouse also what comes in.
    /// </summary>
    public static IEnumerable<string> LanesToTell(NodeConfiguration node) =>
        (node.Spec.IsLogistics ? node.OutboundLaneIds.Concat(node.InboundLaneIds) : node.OutboundLaneIds).Distinct();

    /// <summary>
    /// What a node tells one of its lanes. An inbound lane only learns of the node's own disruptions
    /// (a strike at the port stops ships unloading); a shortage the node inherited from upstream does
    /// not stop anything arriving, so it is not passed back.
    /// </summary>
    public static ImpairmentSignal ForLane(ImpairmentSignal signal, NodeConfiguration node, string laneId)
    {
        if (!node.InboundLaneIds.Contains(laneId) || node.OutboundLaneIds.Contains(laneId)) return signal;
        var own = signal.Causes.Where(c => c.SubjectId == node.Spec.Id).ToList();
        return own.Count == signal.Causes.Count ? signal : signal with { Disrupted = signal.Disrupted && own.Count > 0, Causes = own };
    }

    /// <summary>The node a lane's signal goes to: a disrupted lane exposes its destination.</summary>
    public static string NodeToTell(LaneConfiguration lane) => lane.Spec.ToNodeId;

    /// <summary>The causes of a signal that concern <paramref name="receiverId"/> (none unless the sender is disrupted).</summary>
    public static IReadOnlyList<RootCause> Relevant(ImpairmentSignal? signal, string receiverId) =>
        signal is { Disrupted: true } ? signal.Causes.Where(c => c.SubjectId != receiverId).ToList() : [];

    /// <summary>Time until the last of the causes is expected to end (never negative).</summary>
    public static TimeSpan RemainingUntil(IReadOnlyList<RootCause> causes, DateTimeOffset now)
    {
        var remaining = causes.Max(c => c.ExpectedEnd) - now;
        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }

    /// <summary>"port.cl.angamos: declared strike: … (+1 more)".</summary>
    public static string Describe(IReadOnlyList<RootCause> causes)
    {
        var first = causes[0];
        return $"{first.SubjectId}: {first.Summary}" + (causes.Count > 1 ? $" (+{causes.Count - 1} more)" : "");
    }

    /// <summary>Every root cause with its expected end, for the evidence.</summary>
    public static string Note(IReadOnlyList<RootCause> causes, DateTimeOffset now) =>
        "root causes: " + string.Join("; ", causes.Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"{c.DisruptionId} ({c.Kind}, expected to end {c.ExpectedEnd:u}, in {Math.Max(0, (c.ExpectedEnd - now).TotalDays):0.#} d)")));

    /// <summary>When a disruption is expected to end: the provider's expected duration, else its estimated time to recover, else the subject's.</summary>
    public static DateTimeOffset ExpectedEnd(Disruption d, TimeSpan subjectRecovery) =>
        d.OpenedAt + (d.ExpectedDuration ?? d.EstimatedTimeToRecover ?? subjectRecovery);
}
