using Monitoring.Api.V1;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Validates every observation of a batch (ids, known subjects, finite numbers, physical ranges,
/// timestamps within the skew window, defined enum values), maps the valid ones to domain records
/// and groups them by subject. Pure: the same batch always yields the same plan.
/// </summary>
public static class IngestPlanner
{
    public const int MaxTextLength = 1_000;
    public const int MaxShipmentIdLength = 128;

    /// <summary>Upper bound for tonnes and tonnes per day: ten times any real site.</summary>
    public const double MaxTonnes = 1e8;

    /// <param name="owner">The provider publishing: it may report only on subjects it owns. Null: any subject (admins).</param>
    public static IngestPlan Plan(PublishRequest request, Contracts.SubjectRegistry registry, DateTimeOffset receivedAt, IngestOptions options, string? owner = null)
    {
        var rejections = new List<Contracts.ItemRejection>();
        var unknown = new List<string>();
        var bySubject = new Dictionary<string, Builder>(StringComparer.Ordinal);

        for (var index = 0; index < request.Observations.Count; index++)
        {
            var observation = request.Observations[index];
            var rejection = Check(index, observation, registry, receivedAt, options, out var subjectId, out var type, out var observedAt);
            if (rejection is not null)
            {
                rejections.Add(rejection);
                if (rejection.Code == Contracts.RejectionCodes.UnknownSubject) unknown.Add(subjectId);
                continue;
            }
            if (owner is not null && registry.OwnerOf(subjectId) != owner)
            {
                rejections.Add(new Contracts.ItemRejection(index, Contracts.RejectionCodes.PermissionDenied, $"'{subjectId}' is not a subject of provider '{owner}': report only on your own nodes and lanes"));
                continue;
            }
            if (!bySubject.TryGetValue(subjectId, out var builder)) bySubject[subjectId] = builder = new Builder(subjectId, type);
            builder.Add(index, observedAt, observation);
        }

        var work = bySubject.Values.Select(b => b.Build(request.FeedId, request.Sequence, receivedAt)).ToList();
        return new IngestPlan(work, rejections, unknown);
    }

    private static Contracts.ItemRejection? Check(
        int index, Observation o, Contracts.SubjectRegistry registry, DateTimeOffset now, IngestOptions options,
        out string subjectId, out Contracts.SubjectType type, out DateTimeOffset observedAt)
    {
        subjectId = "";
        type = default;
        observedAt = default;
        Contracts.ItemRejection Reject(string code, string message) => new(index, code, message);

        if (o.ObservedAt is null) return Reject(Contracts.RejectionCodes.TimestampMissing, "observed_at is required");
        if (!TryTime(o.ObservedAt, out observedAt)) return Reject(Contracts.RejectionCodes.OutOfRange, "observed_at is not a valid timestamp");
        if (observedAt > now + options.MaxClockSkew)
            return Reject(Contracts.RejectionCodes.TimestampInFuture, $"observed_at {observedAt:u} is more than {options.MaxClockSkew.TotalMinutes:0} min in the future");
        if (observedAt < now - options.MaxObservationAge)
            return Reject(Contracts.RejectionCodes.TimestampTooOld, $"observed_at {observedAt:u} is older than {options.MaxObservationAge.TotalDays:0} days");

        switch (o.BodyCase)
        {
            case Observation.BodyOneofCase.Measurement:
            {
                var m = o.Measurement;
                if (Subject(index, m.NodeId, "node_id", Contracts.SubjectType.Node, registry, out subjectId, out type) is { } bad) return bad;
                if (!Defined(m.Metric)) return Reject(Contracts.RejectionCodes.UnknownEnum, $"metric {(int)m.Metric} is not a defined Metric");
                if (!double.IsFinite(m.Value)) return Reject(Contracts.RejectionCodes.NotFinite, Invariant($"value {m.Value} is not a finite number"));
                var (min, max) = Range(m.Metric);
                if (m.Value < min || m.Value > max) return Reject(Contracts.RejectionCodes.OutOfRange, Invariant($"{Contracts.ProtoNames.Of((Contracts.Metric)m.Metric)} value {m.Value} is outside {min}..{max}"));
                if (m.Commodity.Length > 32) return Reject(Contracts.RejectionCodes.TooLong, "commodity is longer than 32 characters");
                return null;
            }
            case Observation.BodyOneofCase.Shipment:
            {
                var s = o.Shipment;
                if (Subject(index, s.LaneId, "lane_id", Contracts.SubjectType.Lane, registry, out subjectId, out type) is { } bad) return bad;
                if (s.ShipmentId.Length == 0) return Reject(Contracts.RejectionCodes.MissingField, "shipment_id is required");
                if (s.ShipmentId.Length > MaxShipmentIdLength) return Reject(Contracts.RejectionCodes.TooLong, $"shipment_id is longer than {MaxShipmentIdLength} characters");
                if (!Defined(s.Kind)) return Reject(Contracts.RejectionCodes.UnknownEnum, $"kind {(int)s.Kind} is not a defined ShipmentEventKind");
                if (!double.IsFinite(s.QuantityT)) return Reject(Contracts.RejectionCodes.NotFinite, Invariant($"quantity_t {s.QuantityT} is not a finite number"));
                if (s.QuantityT is < 0 or > MaxTonnes) return Reject(Contracts.RejectionCodes.OutOfRange, Invariant($"quantity_t {s.QuantityT} is outside 0..{MaxTonnes:0}"));
                DateTimeOffset eta = default;
                if (s.Eta is not null && !TryTime(s.Eta, out eta)) return Reject(Contracts.RejectionCodes.OutOfRange, "eta is not a valid timestamp");
                // A departure or a delay announces when the shipment will arrive: not before it is reported.
                if (s.Eta is not null && s.Kind is ShipmentEventKind.Departed or ShipmentEventKind.Delayed && eta < observedAt)
                    return Reject(Contracts.RejectionCodes.OutOfRange, $"eta {eta:u} is before observed_at {observedAt:u}");
                if (s.HasLat && (!double.IsFinite(s.Lat) || s.Lat is < -90 or > 90)) return Reject(Contracts.RejectionCodes.OutOfRange, Invariant($"lat {s.Lat} is outside -90..90"));
                if (s.HasLon && (!double.IsFinite(s.Lon) || s.Lon is < -180 or > 180)) return Reject(Contracts.RejectionCodes.OutOfRange, Invariant($"lon {s.Lon} is outside -180..180"));
                return null;
            }
            case Observation.BodyOneofCase.Report:
            {
                var r = o.Report;
                if (Subject(index, r.SubjectId, "subject_id", null, registry, out subjectId, out type) is { } bad) return bad;
                if (r.ReportId.Length == 0) return Reject(Contracts.RejectionCodes.MissingField, "report_id is required");
                if (r.ReportId.Length > MaxShipmentIdLength) return Reject(Contracts.RejectionCodes.TooLong, $"report_id is longer than {MaxShipmentIdLength} characters");
                if (r.Message.Length > MaxTextLength) return Reject(Contracts.RejectionCodes.TooLong, $"message is longer than {MaxTextLength} characters");
                // A clear only names the report: whatever else it carries is ignored.
                if (r.Clear) return null;
                if (!Defined(r.Cause)) return Reject(Contracts.RejectionCodes.UnknownEnum, $"cause {(int)r.Cause} is not a defined Cause");
                if (!Defined(r.Severity)) return Reject(Contracts.RejectionCodes.UnknownEnum, $"severity {(int)r.Severity} is not a defined Severity");
                if (r.ExpectedDuration is { } d)
                {
                    TimeSpan span;
                    try
                    {
                        span = d.ToTimeSpan();
                    }
                    catch (InvalidOperationException)
                    {
                        return Reject(Contracts.RejectionCodes.OutOfRange, "expected_duration is not a valid duration");
                    }
                    if (span <= TimeSpan.Zero || span > TimeSpan.FromDays(3650))
                        return Reject(Contracts.RejectionCodes.OutOfRange, "expected_duration must be more than 0 and at most 3650 days");
                }
                return null;
            }
            default:
                return Reject(Contracts.RejectionCodes.MissingBody, "an observation needs one of measurement, shipment or report");
        }
    }

    private static Contracts.ItemRejection? Subject(int index, string id, string field, Contracts.SubjectType? expected, Contracts.SubjectRegistry registry, out string subjectId, out Contracts.SubjectType type)
    {
        subjectId = id;
        type = default;
        if (id.Length == 0) return new(index, Contracts.RejectionCodes.MissingField, $"{field} is required");
        if (!Contracts.Identifiers.IsValid(id)) return new(index, Contracts.RejectionCodes.InvalidId, $"{field} '{Truncate(id)}' does not match {Contracts.Identifiers.Pattern} ({Contracts.Identifiers.Rule})");
        if (registry.TypeOf(id) is not { } actual) return new(index, Contracts.RejectionCodes.UnknownSubject, $"{field} '{id}' is not in the topology");
        if (expected is { } wanted && actual != wanted)
            return new(index, Contracts.RejectionCodes.WrongSubjectType, $"{field} '{id}' is a {actual.ToString().ToLowerInvariant()}, not a {wanted.ToString().ToLowerInvariant()}");
        type = actual;
        return null;
    }

    /// <summary>Physical range of each metric.</summary>
    public static (double Min, double Max) Range(Metric metric) => metric switch
    {
        Metric.Utilization => (0, 2),
        Metric.PowerAvailability => (0, 1),
        _ => (0, MaxTonnes),
    };

    private static bool Defined<T>(T value) where T : struct, System.Enum => Convert.ToInt32(value) != 0 && System.Enum.IsDefined(value);

    private static bool TryTime(Google.Protobuf.WellKnownTypes.Timestamp timestamp, out DateTimeOffset value)
    {
        try
        {
            value = timestamp.ToDateTimeOffset();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Builder(string subjectId, Contracts.SubjectType type)
    {
        private List<Contracts.NodeReading>? _readings;
        private List<Contracts.ShipmentUpdate>? _shipments;
        private List<Contracts.DisruptionReport>? _reports;

        public void Add(int index, DateTimeOffset observedAt, Observation o)
        {
            switch (o.BodyCase)
            {
                case Observation.BodyOneofCase.Measurement:
                    var m = o.Measurement;
                    (_readings ??= []).Add(new Contracts.NodeReading(index, observedAt, (Contracts.Metric)m.Metric, m.Value, m.Commodity.Length == 0 ? null : m.Commodity));
                    break;
                case Observation.BodyOneofCase.Shipment:
                    var s = o.Shipment;
                    (_shipments ??= []).Add(new Contracts.ShipmentUpdate(index, observedAt, s.ShipmentId, (Contracts.ShipmentEventKind)s.Kind, s.QuantityT,
                        s.Eta?.ToDateTimeOffset(), s.HasLat ? s.Lat : null, s.HasLon ? s.Lon : null));
                    break;
                case Observation.BodyOneofCase.Report:
                    var r = o.Report;
                    (_reports ??= []).Add(r.Clear
                        ? new Contracts.DisruptionReport(index, observedAt, r.ReportId, Contracts.Cause.Other, Contracts.Severity.Info, null, r.Message, Clear: true)
                        : new Contracts.DisruptionReport(index, observedAt, r.ReportId, (Contracts.Cause)r.Cause, (Contracts.Severity)r.Severity,
                            r.ExpectedDuration?.ToTimeSpan(), r.Message, Clear: false));
                    break;
            }
        }

        public SubjectWork Build(string feedId, ulong sequence, DateTimeOffset receivedAt) =>
            new(subjectId, type, new Contracts.SubjectBatch(feedId, sequence, receivedAt, _readings ?? [], _shipments ?? [], _reports ?? []));
    }
}
