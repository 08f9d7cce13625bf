using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Grains.Detection;
using Monitoring.Grains.Events;
using Orleans.Runtime;

namespace Monitoring.Grains;

/// <summary>
/// The shared shape of node and lane grains: dedupe by feed sequence, apply through the pure
/// monitor, store, then publish disruption changes. A batch's sequence is recorded in the same
/// state write as the changes it caused, so a resend after a failure is recognised as a duplicate.
/// Events are stored with the changes too (an outbox) and published after the write; if publishing
/// fails they are retried, so an acked change always reaches the indexes and the live stream.
/// </summary>
public abstract class SubjectGrain<TState>(IPersistentState<TState> storage, TimeProvider time, IOptions<DetectionOptions> options, ILogger logger) : Grain
    where TState : class, ISubjectState, new()
{
    /// <summary>Longest a one-shot timer is armed for; it re-arms when it fires.</summary>
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromHours(12);
    private static readonly TimeSpan PublishRetryDelay = TimeSpan.FromSeconds(2);

    private IGrainTimer? _timer;
    private DateTimeOffset? _publishRetryAt;

    /// <summary>After activation, active disruptions are put back into the indexes (which may have lost them).</summary>
    private bool _reindexPending;

    /// <summary>The outbox was emptied in memory but not yet in storage.</summary>
    private bool _outboxEmptiedSinceWrite;

    protected TState State => storage.State;

    protected DetectionOptions Options => options.Value;

    protected DateTimeOffset Now => time.GetUtcNow();

    protected abstract bool IsConfigured { get; }

    protected abstract SubjectType SubjectType { get; }

    /// <summary>Domain checks the gateway cannot make (it does not know the subject's spec).</summary>
    protected abstract IReadOnlyList<ItemRejection> Validate(SubjectBatch batch);

    /// <summary>The pure logic over the current state; events it records carry <paramref name="triggerReceivedAt"/>.</summary>
    protected abstract SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt = null);

    /// <summary>Called after a batch's accepted items were applied (for memory-only views such as sparklines).</summary>
    protected virtual void OnApplied(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _reindexPending = IsConfigured && State.Disruptions.Active.Count > 0;
        ArmTimer();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_outboxEmptiedSinceWrite) return;
        try
        {
            await storage.WriteStateAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Harmless: the events are published again on the next activation (indexes keep the highest version).
            logger.LogDebug(e, "could not store the emptied outbox of {Subject}", this.GetPrimaryKeyString());
        }
    }

    protected async Task<ApplyResult> ApplyBatch(SubjectBatch batch)
    {
        if (!IsConfigured)
        {
            DeactivateOnIdle();
            var id = this.GetPrimaryKeyString();
            return new ApplyResult(false, 0, AllItems(batch)
                .Select(i => new ItemRejection(i, RejectionCodes.UnknownSubject, $"'{id}' is not a {SubjectType.ToString().ToLowerInvariant()} of the topology"))
                .ToList());
        }

        var rejections = Validate(batch);
        var accepted = batch.Count - rejections.Count;
        if (!State.Feeds.TryGetValue(batch.FeedId, out var window)) State.Feeds[batch.FeedId] = window = new FeedSequenceWindow();
        if (window.Contains(batch.Sequence)) return new ApplyResult(true, accepted, rejections);

        var now = Now;
        var monitor = Monitor(batch.ReceivedAt);
        monitor.Apply(batch, rejections, now);
        monitor.Tick(now);
        window.Add(batch.Sequence);
        OnApplied(batch, rejections);
        await CommitAsync(monitor);
        return new ApplyResult(false, accepted, rejections);
    }

    /// <summary>
    /// Takes the subject out of service: closes its disruptions and forgets its data, but keeps the
    /// applied sequences (old resends stay duplicates) and the disruption counter (ids are never reused).
    /// </summary>
    protected async Task RetireAsync()
    {
        var retired = new TState { Feeds = State.Feeds, UnpublishedEvents = State.UnpublishedEvents };
        if (IsConfigured)
        {
            var monitor = Monitor();
            monitor.Retire(Now);
            retired.UnpublishedEvents.AddRange(monitor.Disruptions.Events);
        }
        retired.Disruptions.NextNumber = State.Disruptions.NextNumber;
        storage.State = retired;
        await WriteAsync();
        await PublishUnpublishedAsync();
        ArmTimer();
        DeactivateOnIdle();
    }

    protected async Task WriteAsync()
    {
        try
        {
            await storage.WriteStateAsync();
            _outboxEmptiedSinceWrite = false;
        }
        catch
        {
            // Memory now holds changes storage does not: start over from what was stored.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task CommitAsync(SubjectMonitor monitor)
    {
        State.UnpublishedEvents.AddRange(monitor.Disruptions.Events);
        await WriteAsync();
        await PublishUnpublishedAsync();
        ArmTimer();
    }

    /// <summary>Publishes the outbox in order; on failure keeps it and schedules a retry. Never throws.</summary>
    private async Task PublishUnpublishedAsync()
    {
        if (State.UnpublishedEvents.Count == 0) return;
        try
        {
            await DisruptionPublisher.PublishAsync(GrainFactory, State.UnpublishedEvents);
            State.UnpublishedEvents.Clear();
            _outboxEmptiedSinceWrite = true;
            _publishRetryAt = null;
        }
        catch (Exception e)
        {
            _publishRetryAt = Now + PublishRetryDelay;
            logger.LogWarning(e, "{Subject}: publishing {Count} disruption events failed; retrying", this.GetPrimaryKeyString(), State.UnpublishedEvents.Count);
        }
    }

    /// <summary>Arms the one-shot timer for the earliest pending work: a publish retry, re-indexing, or an expected end.</summary>
    private void ArmTimer()
    {
        var now = Now;
        DateTimeOffset? due = IsConfigured ? DeclaredRule.NextExpiry(State.Disruptions.Active) : null;
        if (_reindexPending || State.UnpublishedEvents.Count > 0)
        {
            var when = _publishRetryAt ?? now;
            if (due is null || when < due) due = when;
        }
        if (due is not { } at)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var delay = at - now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerDue ? MaxTimerDue : delay;
        if (_timer is null) _timer = this.RegisterGrainTimer(OnTimer, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        else _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task OnTimer(CancellationToken cancellationToken)
    {
        try
        {
            await PublishUnpublishedAsync();
            if (_reindexPending)
            {
                await DisruptionPublisher.ReindexAsync(GrainFactory, State.Disruptions.Active);
                _reindexPending = false;
                _publishRetryAt = null;
            }
            if (IsConfigured)
            {
                var monitor = Monitor();
                monitor.Tick(Now);
                if (monitor.Disruptions.Events.Count > 0)
                {
                    await CommitAsync(monitor);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            _publishRetryAt = Now + PublishRetryDelay;
            logger.LogWarning(e, "{Subject}: timed work failed; retrying", this.GetPrimaryKeyString());
        }
        ArmTimer();
    }

    private static IEnumerable<int> AllItems(SubjectBatch batch) =>
        batch.Readings.Select(r => r.Index).Concat(batch.Shipments.Select(s => s.Index)).Concat(batch.Reports.Select(r => r.Index));
}
