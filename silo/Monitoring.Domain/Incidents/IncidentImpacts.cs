using System.Globalization;

namespace Monitoring.Domain.Incidents;

/// <summary>
/// An incident's impact (docs/incidents.md): what its active root causes take down, assessed by each of its
/// commodities (<see cref="Indicators.OutageAssessor"/>), put together. Consequences add no tonnes: what they
/// lose is what their root's node or lane no longer sends.
/// </summary>
public static class IncidentImpacts
{
    /// <summary>
    /// What the incident takes down now: nodes with a CRITICAL DECLARED root (down: their normal output counts),
    /// nodes with an OUTPUT_DROP root or a WARNING DECLARED one (impaired: their measured shortfall against normal
    /// output counts), lanes whose LANE_BLOCKED is a root, and the days until the last of those roots is expected to
    /// end (null when none says). For one <paramref name="commodity"/>: only the roots that concern it (an output drop
    /// of copper at a port that also handles lithium takes no lithium out).
    /// </summary>
    public static OutageScope Scope(Incident incident, DateTimeOffset now, string? commodity = null)
    {
        var roots = incident.Members.Where(m => m.IsRoot && m.State.IsActive() && (commodity is null || m.Commodities.Contains(commodity))).ToList();
        var nodeRoots = roots.Where(m => m.SubjectType == SubjectType.Node).ToList();
        var down = nodeRoots.Where(m => m.Kind == DisruptionKind.Declared && m.Severity == Severity.Critical)
            .Select(m => m.SubjectId).Distinct(StringComparer.Ordinal).ToList();
        var impaired = nodeRoots.Where(m => m.Kind == DisruptionKind.OutputDrop || m.Kind == DisruptionKind.Declared && m.Severity == Severity.Warning)
            .Select(m => m.SubjectId).Where(id => !down.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var lanes = roots.Where(m => m.SubjectType == SubjectType.Lane && m.Kind == DisruptionKind.LaneBlocked)
            .Select(m => m.SubjectId).Distinct(StringComparer.Ordinal).ToList();
        var ends = roots.Where(m => down.Contains(m.SubjectId) || impaired.Contains(m.SubjectId) || lanes.Contains(m.SubjectId))
            .Select(m => m.ExpectedEnd).OfType<DateTimeOffset>().ToList();
        double? days = ends.Count > 0 ? Math.Max(0, (ends.Max() - now).TotalDays) : null;
        return new OutageScope(down, impaired, lanes, days);
    }

    /// <summary>True when the scope takes nothing down: there is nothing to assess.</summary>
    public static bool IsEmpty(OutageScope scope) => scope.DownNodeIds.Count == 0 && scope.ImpairedNodeIds.Count == 0 && scope.DownLaneIds.Count == 0;

    /// <summary>
    /// What to assess: each commodity of the incident with what the incident takes down in it (none when it takes
    /// nothing down there).
    /// </summary>
    public static IReadOnlyList<(string Commodity, OutageScope Scope)> ScopesByCommodity(Incident incident, DateTimeOffset now) =>
        incident.Commodities.Select(c => (c, Scope(incident, now, c))).Where(p => !IsEmpty(p.Item2)).ToList();

    /// <summary>The commodities' assessments as one impact (<paramref name="scope"/>: the whole incident's), the affected nodes whose stock runs out soonest first.</summary>
    public static IncidentImpact Combine(IReadOnlyList<OutageAssessment> assessments, OutageScope scope, DateTimeOffset now)
    {
        var days = scope.Days ?? (assessments.Count > 0 ? assessments.Max(a => a.Days) : null);
        DateTimeOffset? recovery = days is { } d ? now + TimeSpan.FromDays(d) : null;
        var losses = assessments.Where(a => a.LostTonnesPerDay > 0)
            .Select(a => new CommodityLoss(a.Commodity, a.LostTonnesPerDay, a.PartnerTonnesPerDay))
            .OrderByDescending(l => l.LostTonnesPerDay)
            .ToList();
        var affected = assessments
            .SelectMany(a => a.Downstream.Select(n => new AffectedNode(
                n.NodeId, n.Name, a.Commodity, n.ShortfallTonnesPerDay, n.DaysOfCover,
                double.IsFinite(n.DaysOfCover) ? now + TimeSpan.FromDays(n.DaysOfCover) : null,
                n.RunsOutDay is not null)))
            .OrderByDescending(n => n.StockoutBeforeRecovery)
            .ThenBy(n => n.DaysOfCover ?? double.PositiveInfinity)
            .ThenBy(n => n.NodeId, StringComparer.Ordinal)
            .ToList();
        return new IncidentImpact(losses.Sum(l => l.LostTonnesPerDay), losses, affected, recovery, now);
    }

    /// <summary>The figures as people read them: an impact whose fingerprint did not change is not news.</summary>
    public static string Fingerprint(IncidentImpact impact) =>
        string.Join('|', [
            impact.LostTonnesPerDay.ToString("F1", CultureInfo.InvariantCulture),
            impact.ExpectedRecoveryAt is { } at ? at.ToUnixTimeSeconds() / 3600 : "-",
            .. impact.LostByCommodity.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Commodity}:{l.LostTonnesPerDay:F1}:{l.PartnerTonnesPerDay:F1}")),
            .. impact.AffectedNodes.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.NodeId}/{n.Commodity}:{n.ShortfallTonnesPerDay:F1}:{n.DaysOfCover:F1}:{n.StockoutBeforeRecovery}")),
        ]);
}
