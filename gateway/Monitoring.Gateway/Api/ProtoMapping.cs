using Google.Protobuf.WellKnownTypes;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Topology;
using V1 = Monitoring.Api.V1;

namespace Monitoring.Gateway.Api;

/// <summary>
/// The one place protobuf types meet domain records. Enums share numeric values (0 is the proto's
/// UNSPECIFIED), so they map with a cast; validation decides whether the value is defined.
/// </summary>
public static partial class ProtoMapping
{
    // Topology -----------------------------------------------------------------------------------

    public static Contracts.TopologySpec ToDomain(V1.Topology t)
    {
        var topology = new Contracts.TopologySpec(
            t.Name,
            t.Description,
            t.Commodities.Select(c => new Contracts.CommoditySpec(c.Code, c.Name, c.Unit.Length == 0 ? "t" : c.Unit)).ToList(),
            t.Nodes.Select(ToDomain).ToList(),
            t.Lanes.Select(ToDomain).ToList());
        return topology with { Candidates = t.Candidates.Select(c => CandidateRules.Complete(ToDomain(c), topology)).ToList() };
    }

    public static Contracts.NodeSpec ToDomain(V1.Node n) => new(
        n.Id, n.Name, (Contracts.NodeKind)n.Kind, n.Country, n.Lat, n.Lon, n.Operator,
        n.Commodities.Select(c => new Contracts.NodeCommoditySpec(c.Commodity, (Contracts.Stage)c.Stage, c.CapacityTpd, c.DemandTpd,
            c.ByproductOf.Length == 0 ? null : c.ByproductOf, c.Ratio)).ToList(),
        n.InventoryCapacityT,
        n.RecoveryDays == 0 ? TopologyDefaults.RecoveryDays : n.RecoveryDays,
        n.ReportIntervalS == 0 ? TopologyDefaults.ReportIntervalSeconds : (int)Math.Min(n.ReportIntervalS, int.MaxValue),
        n.Owner,
        n.ExpectedUtilization == 0 ? TopologyDefaults.ExpectedUtilization : n.ExpectedUtilization,
        n.Thresholds.Count == 0 ? null : new Dictionary<string, double>(n.Thresholds, StringComparer.Ordinal),
        n.Control.Count == 0 ? null : n.Control.Select(c => new Contracts.ControlShare(c.Country, c.Share)).ToList());

    public static Contracts.LaneSpec ToDomain(V1.Lane l) => new(
        l.Id, l.Name, l.FromNodeId, l.ToNodeId, l.Commodity, (Contracts.TransportMode)l.Mode,
        double.IsFinite(l.BaselineTransitH) && Math.Abs(l.BaselineTransitH) < 1e6 ? TimeSpan.FromHours(l.BaselineTransitH) : TimeSpan.Zero,
        l.CapacityTpd, l.Owner, l.Thresholds.Count == 0 ? null : new Dictionary<string, double>(l.Thresholds, StringComparer.Ordinal));

    public static V1.Topology ToProto(Contracts.TopologySpec t)
    {
        var topology = new V1.Topology { Name = t.Name, Description = t.Description };
        topology.Commodities.AddRange(t.Commodities.Select(c => new V1.Commodity { Code = c.Code, Name = c.Name, Unit = c.Unit }));
        topology.Nodes.AddRange(t.Nodes.Select(ToProto));
        topology.Lanes.AddRange(t.Lanes.Select(ToProto));
        topology.Candidates.AddRange((t.Candidates ?? []).Select(ToProto));
        return topology;
    }

    public static V1.Node ToProto(Contracts.NodeSpec n)
    {
        var node = new V1.Node
        {
            Id = n.Id, Name = n.Name, Kind = (V1.NodeKind)n.Kind, Country = n.Country, Lat = n.Latitude, Lon = n.Longitude,
            Operator = n.Operator, InventoryCapacityT = n.InventoryCapacityTonnes, RecoveryDays = n.RecoveryDays,
            ReportIntervalS = (uint)n.ReportIntervalSeconds, Owner = n.Owner, ExpectedUtilization = n.ExpectedUtilization,
        };
        foreach (var (key, value) in n.Thresholds ?? new Dictionary<string, double>()) node.Thresholds[key] = value;
        node.Control.AddRange((n.Control ?? []).Select(c => new V1.ControlShare { Country = c.Country, Share = c.Share }));
        node.Commodities.AddRange(n.Commodities.Select(c => new V1.NodeCommodity
        {
            Commodity = c.Commodity, Stage = (V1.Stage)c.Stage, CapacityTpd = c.CapacityTonnesPerDay, DemandTpd = c.DemandTonnesPerDay,
            ByproductOf = c.ByproductOf ?? "", Ratio = c.ByproductRatio,
        }));
        return node;
    }

    public static V1.Lane ToProto(Contracts.LaneSpec l)
    {
        var lane = new V1.Lane
        {
            Id = l.Id, Name = l.Name, FromNodeId = l.FromNodeId, ToNodeId = l.ToNodeId, Commodity = l.Commodity,
            Mode = (V1.TransportMode)l.Mode, BaselineTransitH = l.BaselineTransit.TotalHours, CapacityTpd = l.CapacityTonnesPerDay, Owner = l.Owner,
        };
        foreach (var (key, value) in l.Thresholds ?? new Dictionary<string, double>()) lane.Thresholds[key] = value;
        return lane;
    }

    // Read side -------------------------------------------------------------------------------------

    public static V1.GetNodeResponse ToProto(Contracts.NodeSnapshot s)
    {
        var response = new V1.GetNodeResponse
        {
            Node = s.Spec is null ? null : ToProto(s.Spec),
            Status = (V1.OperationalStatus)s.Status,
            LastObservationAt = ToTimestamp(s.LastObservationAt),
            ObservationsApplied = (ulong)s.ObservationsApplied,
        };
        response.Metrics.AddRange(s.Metrics.Select(m =>
        {
            var series = new V1.MetricSeries
            {
                Metric = (V1.Metric)m.Metric, Commodity = m.Commodity, Latest = m.Latest, LatestAt = ToTimestamp(m.LatestAt), Ewma = m.Ewma,
            };
            series.Points.AddRange(m.Points.Select(p => new V1.MetricPoint { At = ToTimestamp(p.At), Value = p.Value, FeedId = p.FeedId }));
            return series;
        }));
        response.Disruptions.AddRange(s.Disruptions.Select(ToProto));
        return response;
    }

    public static V1.GetLaneResponse ToProto(Contracts.LaneSnapshot s)
    {
        var response = new V1.GetLaneResponse
        {
            Lane = s.Spec is null ? null : ToProto(s.Spec),
            Status = (V1.OperationalStatus)s.Status,
            LastObservationAt = ToTimestamp(s.LastObservationAt),
            ObservationsApplied = (ulong)s.ObservationsApplied,
            MeanTransitH = s.MeanTransitHours ?? 0,
        };
        response.Shipments.AddRange(s.Shipments.Select(sh =>
        {
            var shipment = new V1.Shipment
            {
                ShipmentId = sh.ShipmentId, LastEvent = (V1.ShipmentEventKind)sh.LastEvent, QuantityT = sh.QuantityTonnes,
                DepartedAt = ToTimestamp(sh.DepartedAt), Eta = ToTimestamp(sh.Eta), UpdatedAt = ToTimestamp(sh.UpdatedAt),
            };
            if (sh.Latitude is { } lat) shipment.Lat = lat;
            if (sh.Longitude is { } lon) shipment.Lon = lon;
            return shipment;
        }));
        response.Disruptions.AddRange(s.Disruptions.Select(ToProto));
        return response;
    }

    public static V1.Disruption ToProto(Contracts.Disruption d)
    {
        var disruption = new V1.Disruption
        {
            Id = d.Id,
            SubjectId = d.SubjectId,
            SubjectType = (V1.SubjectType)d.SubjectType,
            SubjectName = d.SubjectName,
            Kind = (V1.DisruptionKind)d.Kind,
            Severity = (V1.Severity)d.Severity,
            State = (V1.DisruptionState)d.State,
            OpenedAt = ToTimestamp(d.OpenedAt),
            ClearedAt = ToTimestamp(d.ClearedAt),
            UpdatedAt = ToTimestamp(d.UpdatedAt),
            Summary = d.Summary,
            Cause = d.Cause is { } cause ? (V1.Cause)cause : V1.Cause.Unspecified,
            ExpectedDuration = d.ExpectedDuration is { } expected ? Duration.FromTimeSpan(expected) : null,
            ReportId = d.ReportId ?? "",
            EstimatedTtr = d.EstimatedTimeToRecover is { } ttr ? Duration.FromTimeSpan(ttr) : null,
            Version = (uint)d.Version,
            ProviderMessage = d.Kind is Contracts.DisruptionKind.Declared or Contracts.DisruptionKind.LaneBlocked && d.Cause is not null
                ? Domain.Detection.Rules.DeclaredRule.MessageOf(d.Summary) ?? "" : "",
        };
        disruption.Commodities.AddRange(d.Commodities);
        disruption.RootCauseIds.AddRange(d.RootCauseIds ?? []);
        var names = d.RootCauseNames ?? [];
        disruption.RootCauses.AddRange((d.RootCauseIds ?? []).Select((id, i) =>
        {
            var subject = Contracts.Identifiers.SubjectOfDisruption(id) ?? "";
            return new V1.RootCauseRef { DisruptionId = id, SubjectId = subject, SubjectName = i < names.Count ? names[i] : subject };
        }));
        disruption.Evidence.AddRange(d.Evidence.Select(e => new V1.Evidence
        {
            Phase = e.Phase, ObservedAt = ToTimestamp(e.ObservedAt), Quantity = e.Quantity, Value = e.Value, Threshold = e.Threshold, Note = e.Note,
        }));
        disruption.History.AddRange(d.History.Select(h => new V1.Transition
        {
            State = (V1.DisruptionState)h.State, Severity = (V1.Severity)h.Severity, At = ToTimestamp(h.At), Actor = h.Actor, Reason = h.Reason,
        }));
        return disruption;
    }

    public static V1.MonitoringEvent ToProto(Contracts.MonitoringEvent e) => new()
    {
        Type = (V1.EventType)e.Type,
        OccurredAt = ToTimestamp(e.OccurredAt),
        Disruption = e.Disruption is null ? null : ToProto(e.Disruption),
        TopologyVersion = (ulong)e.TopologyVersion,
        Indicators = e.Indicators is null ? null : ToProto(e.Indicators),
        Incident = e.Incident is null ? null : IncidentMapping.ToProto(e.Incident, detail: false),
    };

    // Feeds --------------------------------------------------------------------------------------------

    public static V1.FeedSummary ToProto(Contracts.FeedActivity f) => new()
    {
        FeedId = f.FeedId,
        Batches = (ulong)f.Batches,
        ObservationsAccepted = (ulong)f.ObservationsAccepted,
        ObservationsRejected = (ulong)f.ObservationsRejected,
        DuplicateBatches = (ulong)f.DuplicateBatches,
        LastSequence = f.LastSequence,
        LastBatchAt = ToTimestamp(f.LastBatchAt),
    };

    public static Contracts.DisruptionQuery ToDomain(V1.ListDisruptionsRequest r, int defaultLimit, int maxLimit) => new(
        r.State == V1.DisruptionState.Unspecified ? null : (Contracts.DisruptionState)r.State,
        r.Severity == V1.Severity.Unspecified ? null : (Contracts.Severity)r.Severity,
        r.SubjectId.Length == 0 ? null : r.SubjectId,
        r.Kind == V1.DisruptionKind.Unspecified ? null : (Contracts.DisruptionKind)r.Kind,
        r.IncludeClosed,
        r.Limit == 0 ? defaultLimit : (int)Math.Min(r.Limit, (uint)maxLimit));

    public static Timestamp? ToTimestamp(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
