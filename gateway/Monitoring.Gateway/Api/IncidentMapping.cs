using Monitoring.Contracts;
using static Monitoring.Gateway.Api.ProtoMapping;
using V1 = Monitoring.Api.V1;

namespace Monitoring.Gateway.Api;

/// <summary>Incidents between the domain records and monitoring.v1 (docs/incidents.md).</summary>
public static class IncidentMapping
{
    /// <param name="detail">With members and timeline (GetIncident and the actions); lists and events leave them out.</param>
    public static V1.Incident ToProto(Incident i, bool detail)
    {
        var incident = new V1.Incident
        {
            Id = i.Id,
            Title = i.Title,
            RootSubjectId = i.RootSubjectId,
            RootSubjectName = i.RootSubjectName,
            RootSubjectType = (V1.SubjectType)i.RootSubjectType,
            Cause = i.Cause is { } cause ? (V1.Cause)cause : V1.Cause.Unspecified,
            Severity = (V1.Severity)i.Severity,
            State = (V1.IncidentState)i.State,
            OpenedAt = ToTimestamp(i.OpenedAt),
            UpdatedAt = ToTimestamp(i.UpdatedAt),
            ClearedAt = ToTimestamp(i.ClearedAt),
            Owner = i.Owner ?? "",
            DisruptionCount = (uint)i.DisruptionCount,
            Impact = ToProto(i.Impact),
            Version = (uint)i.Version,
        };
        incident.DisruptionIds.AddRange(i.DisruptionIds);
        incident.Commodities.AddRange(i.Commodities);
        if (!detail) return incident;
        incident.Members.AddRange(i.Members.Select(m =>
        {
            var member = new V1.IncidentMember
            {
                DisruptionId = m.DisruptionId,
                SubjectId = m.SubjectId,
                SubjectType = (V1.SubjectType)m.SubjectType,
                SubjectName = m.SubjectName,
                Kind = (V1.DisruptionKind)m.Kind,
                Severity = (V1.Severity)m.Severity,
                State = (V1.DisruptionState)m.State,
                Root = m.IsRoot,
                OpenedAt = ToTimestamp(m.OpenedAt),
                UpdatedAt = ToTimestamp(m.UpdatedAt),
                ExpectedEnd = ToTimestamp(m.ExpectedEnd),
                Summary = m.Summary,
            };
            member.Commodities.AddRange(m.Commodities);
            return member;
        }));
        incident.Timeline.AddRange(i.Timeline.Select(e => new V1.IncidentEntry
        {
            At = ToTimestamp(e.At), Kind = e.Kind, Actor = e.Actor, Text = e.Text, DisruptionId = e.DisruptionId ?? "",
        }));
        return incident;
    }

    public static V1.IncidentImpact ToProto(IncidentImpact i)
    {
        var partner = i.LostByCommodity.Sum(c => c.PartnerTonnesPerDay);
        var impact = new V1.IncidentImpact
        {
            LostTpd = i.LostTonnesPerDay,
            ExpectedRecoveryAt = ToTimestamp(i.ExpectedRecoveryAt),
            PartnerTpd = partner,
            NonPartnerTpd = Math.Max(0, i.LostTonnesPerDay - partner),
            PartnerShare = i.PartnerShare,
            ComputedAt = ToTimestamp(i.ComputedAt),
        };
        foreach (var loss in i.LostByCommodity)
        {
            impact.LostTpdByCommodity[loss.Commodity] = loss.LostTonnesPerDay;
            impact.PartnerTpdByCommodity[loss.Commodity] = loss.PartnerTonnesPerDay;
        }
        impact.AffectedNodes.AddRange(i.AffectedNodes.Select(n => new V1.AffectedNode
        {
            NodeId = n.NodeId,
            Name = n.Name,
            Commodity = n.Commodity,
            ShortfallTpd = n.ShortfallTonnesPerDay,
            DaysOfCover = n.DaysOfCover ?? 0,
            RunsOutAt = ToTimestamp(n.RunsOutAt),
            StockoutBeforeRecovery = n.StockoutBeforeRecovery,
        }));
        return impact;
    }

    public static IncidentQuery ToDomain(V1.ListIncidentsRequest r, int defaultLimit, int maxLimit) => new(
        r.MinSeverity == V1.Severity.Unspecified ? null : (Severity)r.MinSeverity,
        r.IncludeClosed,
        r.Limit == 0 ? defaultLimit : (int)Math.Min(r.Limit, (uint)maxLimit));
}
