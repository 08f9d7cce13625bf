using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Monitoring.Api.V1;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Api;

/// <summary>MonitoringService: the operator's reset of a feed (docs/api.md, "Reset a feed").</summary>
public sealed partial class MonitoringGrpcService
{
    [Authorize(Policy = Policies.Operate)]
    public override async Task<ResetFeedResponse> ResetFeed(ResetFeedRequest request, ServerCallContext context)
    {
        if (!Contracts.Identifiers.IsValid(request.FeedId))
            throw GrpcErrors.InvalidField("feed_id", $"feed_id must match {Contracts.Identifiers.Pattern}");
        if (request.Note.Length > MaxNoteLength) throw GrpcErrors.InvalidField("note", $"note is {request.Note.Length} characters; at most {MaxNoteLength}");
        var before = await feeds.ResetAsync(request.FeedId);
        logger.LogWarning("feed {Feed} reset by {Actor}: it had applied sequences up to {Highest}; epoch {Epoch} starts now ({Note})",
            request.FeedId, context.GetHttpContext().User.Identity?.Name ?? "anonymous", before.Highest, before.Epoch, request.Note);
        return new ResetFeedResponse { FeedId = request.FeedId, PreviousHighest = before.Highest, Epoch = (uint)before.Epoch };
    }
}
