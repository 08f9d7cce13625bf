using System.Diagnostics;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Contracts.Diagnostics;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Metrics;
using Monitoring.Gateway.Topology;

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
    DeclaredReportTally declared,
    GatewayMetrics metrics,
    IOptions<IngestOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Applies a batch; batches of one stream must be passed in the order they were read. Throws
    /// <see cref="SequenceBelowWindowException"/> when a subject refused it as below the feed's window.
    /// </summary>
    /// <param name="owner">The publishing provider (it may report only on its own subjects); null for an admin.</param>
    /// <param name="epoch">The feed's epoch when the stream first sent it (<see cref="Contracts.FeedPosition"/>).</param>
    /// <param name="maxDeclared">Declared disruptions the provider may have open (Ingest:MaxDeclaredPerProvider); null: no cap.</param>
    public async Task<PublishAck> ApplyAsync(PublishRequest request, DateTimeOffset receivedAt, PublishStreamOrder order, string? owner = null, int epoch = 0, int? maxDeclared = null)
    {
        // Each batch is a trace of its own, not part of the stream's request (inside this method only).
        Activity.Current = null;
        using var span = MonitoringTracing.Source.StartActivity(MonitoringTracing.PublishBatch, ActivityKind.Server, default(ActivityContext), startTime: receivedAt);
        span?.SetTag(MonitoringTracing.Tags.FeedId, request.FeedId);
        span?.SetTag(MonitoringTracing.Tags.Sequence, request.Sequence);
        span?.SetTag(MonitoringTracing.Tags.Observations, request.Observations.Count);
        var (plan, admitted, calls) = await order.PlanInOrder(() => PlanAndCallAsync(request, receivedAt, order, owner, epoch, maxDeclared));
        // The provider's message is not needed past planning: let it go while the grains work, so that the collector
        // does not find it alive (and promote it) in every batch still waiting for its ack.
        var (feedId, sequence) = (request.FeedId, request.Sequence);
        request = null!;
        Contracts.ApplyResult[] results;
        try
        {
            results = await Task.WhenAll(calls).WaitAsync(options.Value.ApplyTimeout, time);
        }
        catch (Exception e)
        {
            if (owner is not null) declared.TakeBack(owner, admitted, plan.Work, null);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        if (owner is not null) declared.TakeBack(owner, admitted, plan.Work, results);
        if (results.FirstOrDefault(r => r.BelowWindow) is { } refused)
            throw new SequenceBelowWindowException(feedId, sequence, refused.FeedHighest, reset: refused.FeedEpoch > epoch,
                partlyApplied: results.Any(r => !r.BelowWindow && !r.Duplicate && r.Applied > 0));

        var ack = new PublishAck
        {
            Sequence = sequence,
            DurableSequence = sequence,
            Duplicate = results.Length > 0 && results.All(r => r.Duplicate),
        };
        // The ack counts what is applied now or was before; statistics count only what is new.
        int accepted = 0, fresh = 0;
        foreach (var result in results)
        {
            accepted += result.Applied;
            if (!result.Duplicate) fresh += result.Applied;
        }
        ack.Accepted = (uint)accepted;
        AddRejections(ack.Rejected, plan.Rejections, results);

        var elapsed = time.GetUtcNow() - receivedAt;
        span?.SetTag(MonitoringTracing.Tags.Subjects, results.Length);
        span?.SetTag(MonitoringTracing.Tags.Accepted, accepted);
        span?.SetTag(MonitoringTracing.Tags.Rejected, ack.Rejected.Count);
        metrics.BatchApplied(fresh, accepted - fresh, ack.Rejected.Select(r => r.Code), elapsed);
        activity.Record(feedId, epoch, sequence, fresh, ack.Duplicate ? 0 : ack.Rejected.Count, ack.Duplicate, receivedAt);
        return ack;
    }

    private async Task<(IngestPlan, IReadOnlyDictionary<int, (string, string)>, Task<Contracts.ApplyResult>[])> PlanAndCallAsync(
        PublishRequest request, DateTimeOffset receivedAt, PublishStreamOrder order, string? owner, int epoch, int? maxDeclared)
    {
        var subjects = await registry.GetAsync();
        var plan = IngestPlanner.Plan(request, subjects, receivedAt, options.Value, owner);
        if (plan.UnknownSubjects.Count > 0 && await registry.NewerThanAsync(subjects) is { } refreshed)
        {
            // The topology changed since this gateway last looked: plan again with the new registry.
            plan = IngestPlanner.Plan(request, refreshed, receivedAt, options.Value, owner);
        }

        IReadOnlyDictionary<int, (string, string)> admitted = new Dictionary<int, (string, string)>();
        if (owner is not null && maxDeclared is { } max) (plan, admitted) = await declared.LimitAsync(plan, owner, max);

        var calls = new Task<Contracts.ApplyResult>[plan.Work.Count];
        var nullGrains = options.Value.NullGrains;
        for (var i = 0; i < calls.Length; i++)
        {
            var work = plan.Work[i];
            calls[i] = order.CallInOrder(request.FeedId, work.SubjectId, request.Sequence, after =>
            {
                var batch = after is null && epoch == 0 ? work.Batch : work.Batch with { After = after, FeedEpoch = epoch };
                if (nullGrains) return grains.GetGrain<INullSubjectGrain>(work.SubjectId).Apply(batch);
                return work.Type == Contracts.SubjectType.Node
                    ? grains.GetGrain<ISupplyNodeGrain>(work.SubjectId).Apply(batch)
                    : grains.GetGrain<IShipmentLaneGrain>(work.SubjectId).Apply(batch);
            });
        }
        return (plan, admitted, calls);
    }

    private static void AddRejections(RepeatedField<Rejection> target, IReadOnlyList<Contracts.ItemRejection> planned, Contracts.ApplyResult[] results)
    {
        var all = planned.Concat(results.SelectMany(r => r.Rejections));
        if (planned.Count == 0 && results.All(r => r.Rejections.Count == 0)) return;
        target.AddRange(all.OrderBy(r => r.Index).Select(r => new Rejection { Index = (uint)r.Index, Code = r.Code, Message = r.Message }));
    }
}
