using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Monitoring.Api.V1;

namespace Monitoring.Tests.Gateway;

/// <summary>Builders for provider messages and a one-batch-per-stream publish helper.</summary>
public static class Observations
{
    public static Observation Output(string node, double value, DateTimeOffset? at = null, Metric metric = Metric.OutputTpd) => new()
    {
        ObservedAt = Timestamp.FromDateTimeOffset(at ?? DateTimeOffset.UtcNow),
        Measurement = new NodeMeasurement { NodeId = node, Metric = metric, Value = value },
    };

    public static Observation Declare(string subject, string reportId, Severity severity = Severity.Critical, bool clear = false) => new()
    {
        ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Report = new DisruptionReport
        {
            SubjectId = subject, ReportId = reportId, Cause = Cause.Strike, Severity = severity,
            ExpectedDuration = Duration.FromTimeSpan(TimeSpan.FromDays(5)), Message = "port workers' strike", Clear = clear,
        },
    };

    public static PublishRequest Batch(string feed, ulong sequence, params Observation[] observations)
    {
        var request = new PublishRequest { FeedId = feed, Sequence = sequence };
        request.Observations.AddRange(observations);
        return request;
    }

    /// <summary>Opens a stream, sends the batches, and returns one ack per batch.</summary>
    public static Task<IReadOnlyList<PublishAck>> PublishAsync(this FeedService.FeedServiceClient client, params PublishRequest[] batches) =>
        client.PublishAsync(null, batches);

    /// <param name="headers">The call's metadata (an authorization header of the test's own making), if any.</param>
    public static async Task<IReadOnlyList<PublishAck>> PublishAsync(this FeedService.FeedServiceClient client, Metadata? headers, params PublishRequest[] batches)
    {
        using var call = client.Publish(headers, deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            foreach (var batch in batches) await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call while we were still writing (a refused key, say): its status, not the
            // write's "cancelled", is what the response stream throws below.
        }
        var acks = new List<PublishAck>();
        await foreach (var ack in call.ResponseStream.ReadAllAsync()) acks.Add(ack);
        return acks;
    }
}
