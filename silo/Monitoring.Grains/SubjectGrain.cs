using Microsoft.Extensions.Options;
using Monitoring.Grains.Detection;
using Monitoring.Grains.Events;
using Orleans.Runtime;

namespace Monitoring.Grains;

/// <summary>
/// The shared shape of node and lane grains: dedupe by feed sequence, apply through the pure
/// monitor, store, then publish disruption changes. A batch's sequence is recorded in the same
/// state write as the changes it caused, so a resend after a failure is recognised as a duplicate.
/// </summary>
public abstract class SubjectGrain<TState>(IPersistentState<TState> storage, TimeProvider time, IOptions<DetectionOptions> options) : Grain
    where TState : class, ISubjectState, new()
{
    /// <summary>Longest a one-shot timer is armed for; it re-arms when it fires.</summary>
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromHours(12);

    private IGrainTimer? _timer;

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
        if (IsConfigured) ArmTimer(Monitor().Tick(Now));
        return Task.CompletedTask;
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
        var nextDue = monitor.Tick(now);
        window.Add(batch.Sequence);
        OnApplied(batch, rejections);
        await CommitAsync(monitor.Disruptions, nextDue);
        return new ApplyResult(false, accepted, rejections);
    }

    protected async Task RetireAsync()
    {
        if (IsConfigured)
        {
            var monitor = Monitor();
            monitor.Retire(Now);
            await DisruptionPublisher.PublishAsync(GrainFactory, monitor.Disruptions.Events);
        }
        _timer?.Dispose();
        _timer = null;
        await storage.ClearStateAsync();
        storage.State = new TState();
        DeactivateOnIdle();
    }

    protected async Task WriteAsync()
    {
        try
        {
            await storage.WriteStateAsync();
        }
        catch
        {
            // Memory now holds changes storage does not: start over from what was stored.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task CommitAsync(DisruptionBook book, DateTimeOffset? nextDue)
    {
        await WriteAsync();
        await DisruptionPublisher.PublishAsync(GrainFactory, book.Events);
        ArmTimer(nextDue);
    }

    private void ArmTimer(DateTimeOffset? due)
    {
        if (due is not { } at)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var delay = at - Now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerDue ? MaxTimerDue : delay;
        if (_timer is null) _timer = this.RegisterGrainTimer(OnTimer, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        else _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task OnTimer(CancellationToken cancellationToken)
    {
        if (!IsConfigured) return;
        var monitor = Monitor();
        var nextDue = monitor.Tick(Now);
        if (monitor.Disruptions.Events.Count > 0) await CommitAsync(monitor.Disruptions, nextDue);
        else ArmTimer(nextDue);
    }

    private static IEnumerable<int> AllItems(SubjectBatch batch) =>
        batch.Readings.Select(r => r.Index).Concat(batch.Shipments.Select(s => s.Index)).Concat(batch.Reports.Select(r => r.Index));
}
