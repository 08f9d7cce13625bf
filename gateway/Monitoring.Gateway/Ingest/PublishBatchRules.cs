using Monitoring.Api.V1;
using Monitoring.Gateway.Api;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// What a whole batch must be before any of it is looked at: a valid feed id, a sequence from 1 growing by
/// exactly one per batch of the same feed on a stream, and a size limit. A batch that breaks one ends the stream
/// with INVALID_ARGUMENT naming the field (resending it would not help).
/// </summary>
public static class PublishBatchRules
{
    /// <summary>The broken rule, or null when the batch may be applied (then its sequence is the feed's last on this stream).</summary>
    public static FieldViolation? Check(PublishRequest request, Dictionary<string, ulong> lastSequence, IngestOptions limits)
    {
        if (request.FeedId.Length == 0) return new("feed_id", "feed_id is required");
        if (!Contracts.Identifiers.IsValid(request.FeedId)) return new("feed_id", $"feed_id '{Truncate(request.FeedId)}' does not match {Contracts.Identifiers.Pattern} ({Contracts.Identifiers.Rule})");
        if (request.Sequence == 0) return new("sequence", "sequence must be at least 1");
        if (request.Observations.Count > limits.MaxObservationsPerBatch)
            return new("observations", $"{request.Observations.Count} observations in one batch; at most {limits.MaxObservationsPerBatch}");
        if (lastSequence.TryGetValue(request.FeedId, out var last) && request.Sequence != last + 1)
            return new("sequence", $"sequence {request.Sequence} follows {last} on this stream; sequences must grow by exactly one per batch");
        lastSequence[request.FeedId] = request.Sequence;
        return null;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
