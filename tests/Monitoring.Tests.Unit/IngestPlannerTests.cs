using Google.Protobuf.WellKnownTypes;
using Monitoring.Api.V1;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Unit;

public sealed class IngestPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Contracts.SubjectRegistry Registry = new(3,
        new Dictionary<string, Contracts.SubjectType>
        {
            ["mine.a"] = Contracts.SubjectType.Node,
            ["port.b"] = Contracts.SubjectType.Node,
            ["lane.a-b"] = Contracts.SubjectType.Lane,
        },
        ["cu"]);

    private static Observation Measure(string node, double value, Metric metric = Metric.OutputTpd, DateTimeOffset? at = null) => new()
    {
        ObservedAt = Timestamp.FromDateTimeOffset(at ?? Now.AddSeconds(-1)),
        Measurement = new NodeMeasurement { NodeId = node, Metric = metric, Value = value },
    };

    private static IngestPlan Plan(params Observation[] observations)
    {
        var request = new PublishRequest { FeedId = "feed-1", Sequence = 7 };
        request.Observations.AddRange(observations);
        return IngestPlanner.Plan(request, Registry, Now, new IngestOptions());
    }

    [Fact]
    public void Valid_observations_are_grouped_into_one_call_per_subject()
    {
        var plan = Plan(
            Measure("mine.a", 100),
            Measure("port.b", 50, Metric.HandledTpd),
            Measure("mine.a", 110),
            new Observation
            {
                ObservedAt = Timestamp.FromDateTimeOffset(Now),
                Shipment = new ShipmentEvent { LaneId = "lane.a-b", ShipmentId = "s1", Kind = ShipmentEventKind.Departed, QuantityT = 500 },
            },
            new Observation
            {
                ObservedAt = Timestamp.FromDateTimeOffset(Now),
                Report = new DisruptionReport { SubjectId = "mine.a", ReportId = "r1", Cause = Cause.Strike, Severity = Severity.Critical },
            });

        Assert.Empty(plan.Rejections);
        Assert.Equal(3, plan.Work.Count);
        var mine = plan.Work.Single(w => w.SubjectId == "mine.a");
        Assert.Equal(Contracts.SubjectType.Node, mine.Type);
        Assert.Equal([0, 2], mine.Batch.Readings.Select(r => r.Index));
        Assert.Equal(4, mine.Batch.Reports.Single().Index);
        Assert.Equal(("feed-1", 7UL, Now), (mine.Batch.FeedId, mine.Batch.Sequence, mine.Batch.ReceivedAt));
        Assert.Equal(Contracts.SubjectType.Lane, plan.Work.Single(w => w.SubjectId == "lane.a-b").Type);
    }

    public static TheoryData<string, Observation, string> BadObservations => new()
    {
        { "unknown node", Measure("mine.zz", 1), Contracts.RejectionCodes.UnknownSubject },
        { "malformed node id", Measure("Mine A!", 1), Contracts.RejectionCodes.InvalidId },
        { "empty node id", Measure("", 1), Contracts.RejectionCodes.MissingField },
        { "lane used as node", Measure("lane.a-b", 1), Contracts.RejectionCodes.WrongSubjectType },
        { "NaN", Measure("mine.a", double.NaN), Contracts.RejectionCodes.NotFinite },
        { "infinity", Measure("mine.a", double.PositiveInfinity), Contracts.RejectionCodes.NotFinite },
        { "negative tonnes", Measure("mine.a", -1), Contracts.RejectionCodes.OutOfRange },
        { "utilization above 2", Measure("mine.a", 2.5, Metric.Utilization), Contracts.RejectionCodes.OutOfRange },
        { "unknown enum", Measure("mine.a", 1, (Metric)42), Contracts.RejectionCodes.UnknownEnum },
        { "unspecified enum", Measure("mine.a", 1, Metric.Unspecified), Contracts.RejectionCodes.UnknownEnum },
        { "far future", Measure("mine.a", 1, at: Now.AddHours(1)), Contracts.RejectionCodes.TimestampInFuture },
        { "too old", Measure("mine.a", 1, at: Now.AddDays(-30)), Contracts.RejectionCodes.TimestampTooOld },
        { "no timestamp", new Observation { Measurement = new NodeMeasurement { NodeId = "mine.a", Metric = Metric.OutputTpd, Value = 1 } }, Contracts.RejectionCodes.TimestampMissing },
        { "invalid timestamp", new Observation { ObservedAt = new Timestamp { Seconds = long.MaxValue }, Measurement = new NodeMeasurement { NodeId = "mine.a", Metric = Metric.OutputTpd, Value = 1 } }, Contracts.RejectionCodes.OutOfRange },
        { "no body", new Observation { ObservedAt = Timestamp.FromDateTimeOffset(Now) }, Contracts.RejectionCodes.MissingBody },
        { "shipment without id", new Observation { ObservedAt = Timestamp.FromDateTimeOffset(Now), Shipment = new ShipmentEvent { LaneId = "lane.a-b", Kind = ShipmentEventKind.Departed } }, Contracts.RejectionCodes.MissingField },
        { "departure arriving before it leaves", new Observation { ObservedAt = Timestamp.FromDateTimeOffset(Now), Shipment = new ShipmentEvent { LaneId = "lane.a-b", ShipmentId = "s1", Kind = ShipmentEventKind.Departed, Eta = Timestamp.FromDateTimeOffset(Now.AddHours(-1)) } }, Contracts.RejectionCodes.OutOfRange },
        { "delay to a time already past", new Observation { ObservedAt = Timestamp.FromDateTimeOffset(Now), Shipment = new ShipmentEvent { LaneId = "lane.a-b", ShipmentId = "s1", Kind = ShipmentEventKind.Delayed, Eta = Timestamp.FromDateTimeOffset(Now.AddMinutes(-5)) } }, Contracts.RejectionCodes.OutOfRange },
        { "report with unknown severity", new Observation { ObservedAt = Timestamp.FromDateTimeOffset(Now), Report = new DisruptionReport { SubjectId = "mine.a", ReportId = "r", Cause = Cause.Strike, Severity = (Severity)9 } }, Contracts.RejectionCodes.UnknownEnum },
        { "report with negative duration", new Observation { ObservedAt = Timestamp.FromDateTimeOffset(Now), Report = new DisruptionReport { SubjectId = "mine.a", ReportId = "r", Cause = Cause.Strike, Severity = Severity.Warning, ExpectedDuration = Duration.FromTimeSpan(TimeSpan.FromHours(-1)) } }, Contracts.RejectionCodes.OutOfRange },
    };

    [Theory]
    [MemberData(nameof(BadObservations))]
    public void Bad_observation_is_rejected_alone_with_its_index_and_reason(string why, Observation bad, string code)
    {
        var plan = Plan(Measure("port.b", 5, Metric.HandledTpd), bad, Measure("port.b", 6, Metric.HandledTpd));

        var rejection = Assert.Single(plan.Rejections);
        Assert.True(rejection.Index == 1 && rejection.Code == code, $"{why}: got [{rejection.Index}] {rejection.Code}: {rejection.Message}");
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        var work = Assert.Single(plan.Work);
        Assert.Equal([0, 2], work.Batch.Readings.Select(r => r.Index));
    }

    [Fact]
    public void Unknown_subjects_are_listed_so_the_registry_can_be_refreshed()
    {
        var plan = Plan(Measure("mine.new", 1));

        Assert.Equal(["mine.new"], plan.UnknownSubjects);
    }

    [Fact]
    public void A_clear_needs_no_cause_or_severity_and_ignores_what_else_it_carries()
    {
        var plan = Plan(new Observation
        {
            ObservedAt = Timestamp.FromDateTimeOffset(Now),
            // A malformed duration on a clear must neither be applied nor break the batch.
            Report = new DisruptionReport { SubjectId = "lane.a-b", ReportId = "r1", Clear = true, ExpectedDuration = new Duration { Seconds = 1, Nanos = -1 } },
        });

        Assert.Empty(plan.Rejections);
        var report = plan.Work.Single().Batch.Reports.Single();
        Assert.True(report.Clear);
        Assert.Null(report.ExpectedDuration);
    }
}
