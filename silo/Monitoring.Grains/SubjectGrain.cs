using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Detection;
using Monitoring.Grains.Events;
using Orleans.Runtime;

namespace Monitoring.Grains;

/// <summary>
/// The shared shape of node and lane grains, a thin adapter around the detection engine: dedupe by
/// feed sequence, apply through the monitor, store, then publish. A batch's sequence is recorded in
/// the same state write as the changes it caused, so a resend after a failure is a duplicate.
/// <para>
/// Batches are group-committed (DESIGN §9): <c>Apply</c> interleaves with everything, changes memory
/// only in synchronous code, publishes what it detected at once, and then waits for the next write,
/// which stores every batch that arrived before the silo's next checkpoint (<see cref="CheckpointClock"/>,
/// at most <see cref="CheckpointOptions.Interval"/> away; the first of them writes then). A failed write fails every batch waiting and reloads the grain.
/// Other changes (signals, operator actions, timed checks) write at once, taking pending batches along.
/// </para>
/// Events sit in an outbox stored with the changes and are removed once published, retried until they
/// go through. Impairment signals to neighbours are stored the same way and delivered from a timer
/// that lets other calls in while it waits, so propagation around a cycle cannot deadlock.
/// </summary>
public abstract class SubjectGrain<TState>(IPersistentState<TState> storage, TimeProvider time, IOptions<DetectionOptions> options, CheckpointClock checkpoint, ILogger logger) : Grain
    where TState : class, ISubjectState, new()
{
    /// <summary>Longest a one-shot timer is armed for; it re-arms when it fires.</summary>
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromHours(12);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>How often an idle subject is woken up by its reminder, at most, to run its time-based checks.</summary>
    public static readonly TimeSpan MaxReminderPeriod = TimeSpan.FromMinutes(10);

    private IGrainTimer? _workTimer;

    /// <summary>When the work timer is set to fire (null: not set); a later due time leaves it be (it re-arms when it fires).</summary>
    private DateTimeOffset? _workArmedFor;
    private IGrainTimer? _signalTimer;

    /// <summary>The write that will store what memory holds now; batches applied since the last write wait on it.</summary>
    private TaskCompletionSource? _pendingFlush;

    /// <summary>Batches waiting for the same stream's previous batch to this subject, by (feed, that sequence).</summary>
    private readonly Dictionary<(string Feed, ulong Sequence), List<TaskCompletionSource>> _waitingFor = [];

    /// <summary>Longest a batch waits for its predecessor (whose call may have been lost with a silo).</summary>
    private static readonly TimeSpan PredecessorTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an ack also waits for the batch's events to reach the commodity indexes (so a list right
    /// after the ack shows them) before going out anyway; publishing is retried until it goes through.
    /// </summary>
    private static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(2);

    /// <summary>The write under way, if any: a duplicate of a batch it stores is acked only once it succeeded.</summary>
    private Task? _writing;

    /// <summary>
    /// Outbox events (from its first) already on the live streams, sent by an attempt whose index upserts
    /// failed: a retry does not send them again. Memory only: after a reactivation they may go out twice (documented).
    /// </summary>
    private int _liveSent;

    /// <summary>One publisher of the outbox at a time (applies interleave with everything).</summary>
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private DateTimeOffset? _retryAt;

    /// <summary>The last signal known to be stored: only stored signals are delivered, so a neighbour never sees one storage lost.</summary>
    private ImpairmentSignal? _storedSignal;

    /// <summary>A write failed: memory is no longer what storage holds, and must not be written on deactivation.</summary>
    private bool _diverged;

    /// <summary>After activation, active disruptions are put back into the indexes (which may have lost them).</summary>
    private bool _reindexPending;

    /// <summary>The outbox was emptied or a signal delivered in memory, but storage still says otherwise.</summary>
    private bool _unsavedBookkeeping;

    protected TState State => storage.State;

    protected DetectionOptions Options => options.Value;

    protected TimeProvider Time => time;

    protected DateTimeOffset Now => time.GetUtcNow();

    protected abstract bool IsConfigured { get; }

    protected abstract SubjectType SubjectType { get; }

    /// <summary>The commodities of the configured subject.</summary>
    protected abstract IEnumerable<string> Commodities { get; }

    /// <summary>Domain checks the gateway cannot make (it does not know the subject's spec).</summary>
    protected abstract IReadOnlyList<ItemRejection> Validate(SubjectBatch batch);

    /// <summary>
    /// Checks against what the subject has seen (a shipment's lifecycle), for a batch about to be applied;
    /// a resent batch is not checked again, since the state already holds it.
    /// </summary>
    protected virtual IReadOnlyList<ItemRejection> ValidateAgainstState(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected) => [];

    /// <summary>The detection engine over the current state; events it records carry <paramref name="triggerReceivedAt"/>.</summary>
    protected abstract SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt = null);

    /// <summary>Calls that tell the neighbours about a new impairment signal.</summary>
    protected abstract IEnumerable<Task> Deliver(ImpairmentSignal signal);

    /// <summary>Tells the commodities what the indicators depend on, when it changed enough (after every commit and on activation).</summary>
    protected virtual void ReportConditions()
    {
    }

    /// <summary>Indicators are secondary: a failure to report never fails an activation or a committed change.</summary>
    private void TryReportConditions()
    {
        if (!IsConfigured) return;
        try
        {
            ReportConditions();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Subject}: could not tell its commodities about its condition", this.GetPrimaryKeyString());
        }
    }

    /// <summary>Called after a batch's accepted items were applied (for memory-only views such as sparklines).</summary>
    protected virtual void OnApplied(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storedSignal = State.LastSignal;
        if (IsConfigured) SiloMetrics.Prepare(Commodities);
        _reindexPending = IsConfigured && (State.Disruptions.Active.Count > 0 || State.Disruptions.RecentlyClosed.Count > 0);
        ArmWork();
        if (State.SignalPending) ArmSignal(TimeSpan.Zero);
        TryReportConditions();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pendingFlush is { } pending)
        {
            if (_diverged)
            {
                pending.TrySetException(new InvalidOperationException($"{this.GetPrimaryKeyString()} was deactivated before its batches were stored; resend them"));
                return;
            }
            try
            {
                await WriteAsync();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{Subject}: could not store its last batches on deactivation; they are not acknowledged", this.GetPrimaryKeyString());
            }
            return;
        }
        if (!_unsavedBookkeeping || _diverged) return;
        try
        {
            await storage.WriteStateAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Harmless: events are published and signals sent again on the next activation; receivers keep the newest.
            logger.LogDebug(e, "could not store the bookkeeping of {Subject}", this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// Applies a batch at once and returns once it is stored (group commit). Called interleaved with
    /// everything else: all changes to memory happen before the first await.
    /// </summary>
    protected async Task<ApplyResult> ApplyBatch(SubjectBatch batch)
    {
        ThrowIfDiverged();
        if (batch.After is { } after && !(State.Feeds.TryGetValue(batch.FeedId, out var seen) && seen.Contains(after)))
        {
            await PredecessorAsync(batch, after);
        }
        try
        {
            return await ApplyInOrderAsync(batch);
        }
        finally
        {
            // Whatever became of this batch, the next one of its stream may go (and makes its own checks).
            ReleaseFollowers(batch.FeedId, batch.Sequence);
        }
    }

    private async Task<ApplyResult> ApplyInOrderAsync(SubjectBatch batch)
    {
        ThrowIfDiverged();
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
        if (window.Contains(batch.Sequence))
        {
            // Applied before, perhaps not stored yet: acknowledged as a duplicate once the write that may
            // hold it (pending, or under way) has succeeded.
            if (_pendingFlush is { } pending) await pending.Task;
            else if (_writing is { } writing) await writing;
            return new ApplyResult(true, accepted, rejections);
        }

        if (ValidateAgainstState(batch, rejections) is { Count: > 0 } refused)
        {
            rejections = [.. rejections, .. refused];
            accepted -= refused.Count;
        }
        var monitor = Monitor(batch.ReceivedAt);
        monitor.Apply(batch, rejections);
        monitor.Tick();
        window.Add(batch.Sequence);
        ReleaseFollowers(batch.FeedId, batch.Sequence);
        OnApplied(batch, rejections);
        Stage(monitor, batch.ReceivedAt);
        var (stored, leads) = JoinFlush();
        // Detection is not delayed by the write: what the batch opened or cleared goes out now, and the
        // ack does not depend on it (the outbox is stored; a stuck index costs the ack at most PublishWait).
        var published = PublishUnpublishedAsync();
        if (leads) await FlushAtCheckpointAsync(stored);
        await stored;
        AfterCommit(monitor);
        // Usually done by now (it started before the write); WaitAsync sets no timer then, and drops it once done.
        try
        {
            await published.WaitAsync(PublishWait, time);
        }
        catch (TimeoutException)
        {
        }
        return new ApplyResult(false, accepted, rejections);
    }

    private void ReleaseFollowers(string feedId, ulong sequence)
    {
        if (!_waitingFor.Remove((feedId, sequence), out var followers)) return;
        foreach (var follower in followers) follower.TrySetResult();
    }

    /// <summary>After a failed write memory holds what storage does not: nothing more is applied or stored until the grain reloads.</summary>
    private void ThrowIfDiverged()
    {
        if (_diverged) throw new InvalidOperationException($"{this.GetPrimaryKeyString()} is reloading its stored state after a failed write; retry");
    }

    /// <summary>Waits (interleaved) until the stream's previous batch for this subject is applied.</summary>
    private async Task PredecessorAsync(SubjectBatch batch, ulong after)
    {
        var key = (batch.FeedId, after);
        if (!_waitingFor.TryGetValue(key, out var waiters)) _waitingFor[key] = waiters = [];
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters.Add(applied);
        try
        {
            await applied.Task.WaitAsync(PredecessorTimeout, time);
        }
        catch (TimeoutException)
        {
            waiters.Remove(applied);
            if (waiters.Count == 0) _waitingFor.Remove(key);
            throw new TimeoutException($"{this.GetPrimaryKeyString()}: batch {batch.Sequence} of feed {batch.FeedId} came without batch {after} before it; resend from {after}");
        }
    }

    /// <summary>Runs a configuration change through the engine and commits it.</summary>
    protected async Task ChangeAsync(Action<SubjectMonitor> change)
    {
        ThrowIfDiverged();
        var monitor = Monitor();
        change(monitor);
        monitor.Tick();
        await CommitAsync(monitor, null);
    }

    /// <summary>
    /// A neighbour's impairment signal. A subject not configured yet refuses it, so the sender retries
    /// (during a topology change the neighbour may be configured first); a stale or foreign signal changes nothing.
    /// </summary>
    protected async Task ReceiveSignalAsync(Func<SubjectMonitor, bool> receive, DateTimeOffset? triggerReceivedAt)
    {
        ThrowIfDiverged();
        if (!IsConfigured) throw new InvalidOperationException($"{this.GetPrimaryKeyString()} is not configured yet; the signal will be retried");
        var monitor = Monitor(triggerReceivedAt);
        if (!receive(monitor)) return;
        monitor.Tick();
        await CommitAsync(monitor, triggerReceivedAt);
    }

    /// <summary>An operator's acknowledge or resolve; the time-based checks run after it (a resolved condition that persists opens again).</summary>
    protected async Task<DisruptionActionResult> ActAsync(Func<SubjectMonitor, DisruptionActionResult> action)
    {
        ThrowIfDiverged();
        if (!IsConfigured) return new DisruptionActionResult(DisruptionActionOutcome.NotFound, null, $"{this.GetPrimaryKeyString()} is not in the topology");
        var monitor = Monitor();
        var result = action(monitor);
        if (result.Outcome != DisruptionActionOutcome.Done) return result;
        monitor.Tick();
        await CommitAsync(monitor, null);
        return result;
    }

    /// <summary>
    /// Takes the subject out of service: closes its disruptions and forgets its data, but keeps the
    /// applied sequences (old resends stay duplicates) and the disruption counter (ids are never reused).
    /// </summary>
    protected async Task RetireAsync()
    {
        ThrowIfDiverged();
        var retired = new TState { Feeds = State.Feeds, UnpublishedEvents = State.UnpublishedEvents };
        if (IsConfigured)
        {
            var monitor = Monitor();
            monitor.Retire();
            retired.UnpublishedEvents.AddRange(monitor.Disruptions.Events);
        }
        retired.Disruptions.LastNumberByKind = State.Disruptions.LastNumberByKind;
        storage.State = retired;
        _storedSignal = null;
        await WriteAsync();
        // A retired subject is not woken again: its closing events must go out now, or the apply fails and is retried.
        if (!await PublishUnpublishedAsync()) throw new InvalidOperationException($"{this.GetPrimaryKeyString()}: could not publish the disruptions it closed; apply the topology again");
        ArmWork();
        DeactivateOnIdle();
    }

    /// <summary>Stores memory now; the batches waiting for a write are stored with it.</summary>
    protected async Task WriteAsync()
    {
        var flush = _pendingFlush;
        _pendingFlush = null;
        var signal = State.LastSignal;
        var write = storage.WriteStateAsync();
        _writing = write;
        try
        {
            await write;
            _unsavedBookkeeping = false;
            _storedSignal = signal;
            flush?.TrySetResult();
        }
        catch (Exception e)
        {
            // Memory now holds changes storage does not: start over from what was stored. Batches waiting
            // for a later write fail too (they are resent; the reloaded grain applies them once).
            _diverged = true;
            flush?.TrySetException(e);
            _pendingFlush?.TrySetException(e);
            _pendingFlush = null;
            // Batches waiting for a predecessor go now, and fail on the divergence.
            foreach (var waiting in _waitingFor.Values.SelectMany(w => w)) waiting.TrySetResult();
            _waitingFor.Clear();
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            if (ReferenceEquals(_writing, write)) _writing = null;
        }
    }

    /// <summary>
    /// The next group-commit write, shared by every batch until it starts. The first batch to join leads
    /// it: it waits for the silo's next checkpoint (<see cref="CheckpointClock"/>) and writes (inside its own call, so no timer
    /// can be stopped under it by a deactivation).
    /// </summary>
    private (Task Stored, bool Leads) JoinFlush()
    {
        if (_pendingFlush is { } pending) return (pending.Task, false);
        _pendingFlush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (_pendingFlush.Task, true);
    }

    private async Task FlushAtCheckpointAsync(Task stored)
    {
        // The silo's shared window (one timer for all grains), not a timer per grain and batch.
        await checkpoint.NextCheckpoint();
        // Another change may have written meanwhile (taking these batches along), or the grain diverged.
        if (_pendingFlush is null || _pendingFlush.Task != stored) return;
        try
        {
            await WriteAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Subject}: storing its batches failed; they are not acknowledged and the grain reloads", this.GetPrimaryKeyString());
        }
    }

    /// <summary>Runs the time-based work now (reminder backstop).</summary>
    protected Task WakeAsync() => OnWorkTimer(CancellationToken.None);

    /// <summary>Stores a change at once (with any pending batches), then publishes it.</summary>
    private async Task CommitAsync(SubjectMonitor monitor, DateTimeOffset? triggerReceivedAt)
    {
        Stage(monitor, triggerReceivedAt);
        await WriteAsync();
        await PublishUnpublishedAsync();
        AfterCommit(monitor);
    }

    /// <summary>Puts what the monitor produced into the outbox and the signal to send (memory only).</summary>
    private void Stage(SubjectMonitor monitor, DateTimeOffset? triggerReceivedAt)
    {
        State.UnpublishedEvents.AddRange(monitor.Disruptions.Events);
        if (monitor.SignalIfChanged(State.LastSignal, triggerReceivedAt) is { } signal)
        {
            State.LastSignal = signal;
            State.SignalPending = true;
        }
    }

    /// <summary>Once a change is stored: count what it opened, send the stored signal, re-arm the checks, tell the commodities.</summary>
    private void AfterCommit(SubjectMonitor monitor)
    {
        // Counted once stored: a failed write is retried by a resend, which counts then.
        SiloMetrics.CountOpened(monitor.Disruptions.Events);
        if (State.SignalPending) ArmSignal(TimeSpan.Zero);
        ArmWork();
        TryReportConditions();
    }

    /// <summary>
    /// Publishes the outbox in order, one publisher at a time; events added meanwhile stay for the next.
    /// On failure keeps them and schedules a retry. Returns whether the outbox is empty now; never throws.
    /// </summary>
    private async Task<bool> PublishUnpublishedAsync()
    {
        // Most batches detect nothing: no need to queue behind a publisher still sending earlier events.
        if (State.UnpublishedEvents.Count == 0) return true;
        await _publishing.WaitAsync();
        try
        {
            if (State.UnpublishedEvents.Count == 0) return true;
            var events = State.UnpublishedEvents.ToList();
            await DisruptionPublisher.PublishAsync(GrainFactory, events, Math.Min(_liveSent, events.Count), sent => _liveSent = sent);
            State.UnpublishedEvents.RemoveRange(0, Math.Min(events.Count, State.UnpublishedEvents.Count));
            _liveSent = 0;
            _unsavedBookkeeping = true;
            _retryAt = null;
            return State.UnpublishedEvents.Count == 0;
        }
        catch (Exception e)
        {
            _retryAt = Now + RetryDelay;
            logger.LogWarning(e, "{Subject}: publishing {Count} disruption events failed; retrying", this.GetPrimaryKeyString(), State.UnpublishedEvents.Count);
            return false;
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>
    /// Arms the one-shot work timer for the earliest pending work: a retry, re-indexing, or a time-based
    /// check. Right after checks run at <paramref name="idleTickAt"/> that changed nothing, a due time
    /// no later than that would spin the timer: that is a bug, logged, and the timer backs off instead.
    /// (A due time after the checks ran is fine: the timer fired a little early.)
    /// </summary>
    /// <param name="notBefore">After a failure: nothing runs again before the retry time.</param>
    private void ArmWork(DateTimeOffset? idleTickAt = null, DateTimeOffset? notBefore = null)
    {
        var now = Now;
        DateTimeOffset? due = IsConfigured ? Monitor().NextDue() : null;
        if (due <= idleTickAt)
        {
            logger.LogWarning("{Subject}: a time-based check stays due at {Due}; backing off", this.GetPrimaryKeyString(), due);
            due = now + TimeSpan.FromMinutes(1);
        }
        if (notBefore is { } retry && due < retry) due = retry;
        if (_reindexPending || State.UnpublishedEvents.Count > 0)
        {
            var when = _retryAt ?? now;
            if (due is null || when < due) due = when;
        }
        if (due is not { } at)
        {
            // Left armed if it is: it fires, finds nothing due, and stops (cheaper than stopping it after every batch).
            return;
        }
        // Already set to fire no later: keep it (it re-arms for the real due time when it fires). Most batches
        // only push the next check later (FEED_SILENT counts from the latest reading): no timer change for them.
        if (_workArmedFor is { } armed && armed <= at) return;
        _workArmedFor = at;
        var delay = Clamp(at - now);
        if (_workTimer is null) _workTimer = this.RegisterGrainTimer(OnWorkTimer, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        else _workTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task OnWorkTimer(CancellationToken cancellationToken)
    {
        _workArmedFor = null;
        if (_diverged) return;
        DateTimeOffset? tickedAt = null;
        var failed = false;
        try
        {
            await PublishUnpublishedAsync();
            if (_reindexPending) await RestoreIndexesAsync();
            if (IsConfigured)
            {
                var monitor = Monitor();
                tickedAt = Now;
                monitor.Tick();
                if (monitor.Disruptions.Events.Count > 0 || monitor.SignalIfChanged(State.LastSignal, null) is not null)
                {
                    await CommitAsync(monitor, null);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            failed = true;
            _retryAt = Now + RetryDelay;
            logger.LogWarning(e, "{Subject}: timed work failed; retrying", this.GetPrimaryKeyString());
        }
        ArmWork(idleTickAt: failed ? null : tickedAt, notBefore: failed ? _retryAt : null);
    }

    /// <summary>
    /// After activation: the indexes get this subject's disruptions as it holds them (they may have lost
    /// them, or hold a version published before a write that failed). Sent by the outbox's publisher, so it
    /// cannot overtake or be overtaken by this subject's later changes.
    /// </summary>
    private async Task RestoreIndexesAsync()
    {
        await _publishing.WaitAsync();
        try
        {
            await DisruptionPublisher.RestoreAsync(GrainFactory, [.. State.Disruptions.Active, .. State.Disruptions.RecentlyClosed]);
            _reindexPending = false;
            _retryAt = null;
        }
        finally
        {
            _publishing.Release();
        }
    }

    private void ArmSignal(TimeSpan delay)
    {
        // Interleaving: while it waits on the neighbours, this grain can still take their calls.
        _signalTimer ??= this.RegisterGrainTimer(SendSignalAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true });
        _signalTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task SendSignalAsync(CancellationToken cancellationToken)
    {
        var signal = _storedSignal;
        if (!State.SignalPending || signal is null || !IsConfigured) return;
        try
        {
            await Task.WhenAll(Deliver(signal));
            if (ReferenceEquals(State.LastSignal, signal) && ReferenceEquals(_storedSignal, signal))
            {
                State.SignalPending = false;
                _unsavedBookkeeping = true;
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Subject}: telling neighbours about its impairment failed; retrying", this.GetPrimaryKeyString());
            ArmSignal(RetryDelay);
        }
    }

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerDue ? MaxTimerDue : delay;

    private static IEnumerable<int> AllItems(SubjectBatch batch) =>
        batch.Readings.Select(r => r.Index).Concat(batch.Shipments.Select(s => s.Index)).Concat(batch.Reports.Select(r => r.Index));
}
