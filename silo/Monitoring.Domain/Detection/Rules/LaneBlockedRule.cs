namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// LANE_BLOCKED (docs/detection.md), by propagation: the lane's origin node — or its destination, when that
/// is a port or warehouse — is DISRUPTED. CRITICAL; it carries the root causes and their expected
/// end, and clears as soon as the node recovers. (A port closure declared on the lane itself is
/// handled by <see cref="DeclaredRule"/>.)
/// </summary>
public static class LaneBlockedRule
{
    public static string RuleKey(string nodeId) => $"blocked/{nodeId}";

    public static bool IsRuleKey(string key, out string nodeId)
    {
        nodeId = key.StartsWith("blocked/", StringComparison.Ordinal) ? key["blocked/".Length..] : "";
        return nodeId.Length > 0;
    }

    public static void Apply(DisruptionBook book, LaneSpec lane, string nodeId, ImpairmentSignal signal, DateTimeOffset now)
    {
        var key = RuleKey(nodeId);
        var open = book.FindActive(key);
        var causes = Propagation.Relevant(signal, lane.Id, lane.Commodity);
        var role = nodeId == lane.FromNodeId ? "origin" : "destination";
        if (causes.Count == 0)
        {
            if (open is not null)
            {
                book.Clear(key, new DisruptionEvidence(EvidencePhases.Cleared, now, "endpoint disrupted", 0, 1, $"{role} {nodeId} recovered"),
                    now, DisruptionBook.SystemActor, $"{role} {nodeId} recovered");
            }
            return;
        }

        var ttr = Propagation.RemainingUntil(causes, now);
        // The lane's name says which node its origin and destination are; the root causes are named.
        var summary = $"{role} disrupted: {Propagation.Describe(causes)}";
        var evidence = new DisruptionEvidence(open is null ? EvidencePhases.Opened : EvidencePhases.Updated, now, "endpoint disrupted", 1, 1,
            Propagation.Note(causes, now));
        if (open is null)
        {
            book.Open(key, DisruptionKind.LaneBlocked, Severity.Critical, [lane.Commodity], summary, evidence, now, DisruptionBook.SystemActor,
                $"{role} {nodeId} disrupted", estimatedTimeToRecover: ttr, rootCauseIds: Propagation.Ids(causes), rootCauseNames: Propagation.Names(causes));
        }
        else if (open.Summary != summary || !Propagation.SameRoots(open, causes))
        {
            book.Update(key, Severity.Critical, summary, evidence, now, DisruptionBook.SystemActor, "root causes changed", estimatedTimeToRecover: ttr,
                rootCauseIds: Propagation.Ids(causes), rootCauseNames: Propagation.Names(causes));
        }
    }
}
