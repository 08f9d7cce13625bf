using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Topology;
using Domain = Monitoring.Contracts;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Applies one provider batch: plans it, makes exactly one grain call per subject (all at once),
/// and turns the results into the batch's ack. Throws when a grain call fails: the batch is then
/// not acked and the provider resends it; per-feed sequences make the resend harmless.
/// </summary>
public sealed class BatchApplier(
    IGrainFactory grains,
    SubjectRegistryCache registry,
    FeedActivityRecorder activity,
    GatewayMetrics metrics,
    IOptions<IngestOptions> options,
    TimeProvider time)
{
    public async Task<PublishAck> ApplyAsync(PublishRequest request, DateTimeOffset receivedAt)
    {
        var subjects = await registry.GetAsync();
        var plan = IngestPlanner.Plan(request, subjects, receivedAt, options.Value);
        if (plan.UnknownSubjects.Count > 0 && await registry.RefreshForUnknownAsync() is { } refreshed)
        {
            // The topology changed since this gateway last looked: plan again with the new registry.
            plan = IngestPlanner.Plan(request, refreshed, receivedAt, options.Value);
        }

        var calls = new Task<Domain.ApplyResult>[plan.Work.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            var work = plan.Work[i];
            calls[i] = work.Type == Domain.SubjectType.Node
                ? grains.GetGrain<ISupplyNodeGrain>(work.SubjectId).Apply(work.Batch)
                : grains.GetGrain<IShipmentLaneGrain>(work.SubjectId).Apply(work.Batch);
        }
        var results = await Task.WhenAll(calls);

        var ack = new PublishAck
        {
            Sequence = request.Sequence,
            DurableSequence = request.Sequence,
            Duplicate = results.Length > 0 && results.All(r => r.Duplicate),
        };
        var accepted = 0;
        foreach (var result in results) accepted += result.Applied;
        ack.Accepted = (uint)accepted;
        AddRejections(ack.Rejected, plan.Rejections, results);

        var elapsed = time.GetUtcNow() - receivedAt;
        metrics.BatchApplied(accepted, ack.Rejected.Select(r => r.Code), ack.Duplicate, elapsed);
        activity.Record(request.FeedId, request.Sequence, accepted, ack.Rejected.Count, ack.Duplicate, receivedAt);
        return ack;
    }

    private static void AddRejections(RepeatedField<Rejection> target, IReadOnlyList<Domain.ItemRejection> planned, Domain.ApplyResult[] results)
    {
        var all = planned.Concat(results.SelectMany(r => r.Rejections));
        if (planned.Count == 0 && results.All(r => r.Rejections.Count == 0)) return;
        target.AddRange(all.OrderBy(r => r.Index).Select(r => new Rejection { Index = (uint)r.Index, Code = r.Code, Message = r.Message }));
    }
}
