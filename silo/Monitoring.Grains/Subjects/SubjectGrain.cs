using Microsoft.Extensions.Logging;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Subjects;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Subjects;

/// <summary>
/// What node and lane grains share: the Orleans side of a <see cref="SubjectEngine"/>, which owns the domain
/// work. A batch is applied at once — detection is not delayed by storage — and acknowledged once stored:
/// <c>Apply</c> interleaves with everything and changes memory only in synchronous code, then joins the next
/// group-commit write, shared by every batch that arrived before it: at once when the subject has not written within
/// a checkpoint interval, else at the silo's next checkpoint (<see cref="CheckpointClock"/>; docs/reliability.md). Other changes (signals, operator actions, timed checks)
/// write at once, taking waiting batches along. A failed write fails every batch waiting and reloads the grain.
/// Once stored, the outbox is published (<see cref="OutboxPublisher"/>), the neighbours are told
/// (<see cref="NeighbourSignals"/>), the next timed check is armed, and the commodities hear what changed.
/// A reminder wakes an idle subject for its timed checks, also after a silo restart.
/// </summary>
public abstract class SubjectGrain<TState, TEngine> : Grain, IRemindable
    where TState : class, ISubjectState, new()
    where TEngine : SubjectEngine
{
    public const string WakeUpReminder = "wake-up";

    /// <summary>
    /// How long an ack also waits for the batch's events to reach the commodity indexes (so a list right after
    /// the ack shows them) before going out anyway; publishing is retried until it goes through.
    /// </summary>
    private static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(2);

    private readonly IPersistentState<TState> _storage;
    private readonly CheckpointClock _checkpoint;
    private readonly TimeProvider _time;
    private long? _lastWrite;
    private readonly ILogger _logger;
    private readonly GroupCommit _commit;
    private readonly BatchOrder _order;
    private readonly OutboxPublisher _outbox;
    private readonly NeighbourSignals _signals;
    private readonly WorkTimer _work;
    private TEngine? _engine;

    /// <summary>After activation, active disruptions are put back into the indexes (which may have lost them).</summary>
    private bool _reindexPending;

    /// <summary>The outbox was emptied or a signal delivered in memory, but storage still says otherwise.</summary>
    private bool _unsavedBookkeeping;

    protected SubjectGrain(IPersistentState<TState> storage, IGrainFactory grains, CheckpointClock checkpoint, TimeProvider time, ILogger logger)
    {
        _storage = storage;
        _checkpoint = checkpoint;
        _time = time;
        _logger = logger;
        _commit = new GroupCommit(storage.WriteStateAsync, divergeOnFailure: true);
        _order = new BatchOrder(time);
        _outbox = new OutboxPublisher(grains, time, logger, () => _unsavedBookkeeping = true);
        _signals = new NeighbourSignals(this, time, () => Engine, Deliver, () => _unsavedBookkeeping = true, logger);
        _work = new WorkTimer(this, time, logger, OnWorkTimer);
    }

    protected TEngine Engine => _engine ??= CreateEngine(_storage.State);

    protected TimeProvider Time => _time;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => _time.GetUtcNow();

    protected abstract TEngine CreateEngine(TState state);

    /// <summary>Tells the commodities what the indicators depend on, when it changed enough (one-way, never per reading).</summary>
    protected abstract void ReportConditions();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _signals.Stored(Engine.LastSignal);
        if (Engine.IsConfigured) SiloMetrics.Prepare(Engine.Commodities);
        _reindexPending = Engine.IsConfigured && Engine.Disruptions.Count > 0;
        ArmWork();
        if (Engine.PendingSignal is not null) _signals.SendSoon();
        TryReportConditions();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_commit.Diverged)
        {
            _commit.Abandon(new InvalidOperationException($"{Id} was deactivated before its batches were stored; resend them"));
            return;
        }
        if (_commit.HasChanges)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Subject}: could not store its last batches on deactivation; they are not acknowledged", Id);
            }
            return;
        }
        if (!_unsavedBookkeeping) return;
        try
        {
            await _storage.WriteStateAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Harmless: events are published and signals sent again on the next activation; receivers keep the newest.
            _logger.LogDebug(e, "{Subject}: could not store its bookkeeping on deactivation", Id);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => OnWorkTimer(CancellationToken.None);

    // What the node and lane grain interfaces share is implemented here, once.

    public Task<DisruptionActionResult> Acknowledge(string disruptionId, string actor, string note) => ActAsync(e => e.Acknowledge(disruptionId, actor, note));

    public Task<DisruptionActionResult> Resolve(string disruptionId, string actor, string note) => ActAsync(e => e.Resolve(disruptionId, actor, note));

    /// <summary>Applies a batch at once and returns once it is stored. All changes to memory happen before the first await.</summary>
    public async Task<ApplyResult> Apply(SubjectBatch batch)
    {
        ThrowIfDiverged();
        if (batch.After is { } after && !Engine.HasApplied(batch.FeedId, after)) await _order.WaitForAsync(Id, batch, after);
        try
        {
            return await ApplyInOrderAsync(batch);
        }
        finally
        {
            // Whatever became of this batch, the next one of its stream may go (and makes its own checks).
            _order.Release(batch.FeedId, batch.Sequence);
        }
    }

    /// <summary>Runs a configuration change and stores it, then (re)registers the wake-up reminder.</summary>
    protected async Task ConfigureAsync(Func<TEngine, SubjectChange> configure, TimeSpan minimumReminderPeriod)
    {
        ThrowIfDiverged();
        await CommitAsync(configure(Engine));
        var period = Engine.WakeUpPeriod(minimumReminderPeriod);
        await this.RegisterOrUpdateReminder(WakeUpReminder, period, period);
    }

    /// <summary>
    /// A neighbour's impairment signal. A subject not configured yet refuses it, so the sender retries (during a
    /// topology change the neighbour may be configured first); a stale or foreign signal changes nothing.
    /// </summary>
    protected async Task ReceiveSignalAsync(string fromId, ImpairmentSignal signal)
    {
        ThrowIfDiverged();
        if (!Engine.IsConfigured) throw new InvalidOperationException($"{Id} is not configured yet; the signal will be retried");
        if (Engine.Receive(fromId, signal) is { } change) await CommitAsync(change);
    }

    /// <summary>An operator's acknowledge or resolve, stored before it is answered.</summary>
    private async Task<DisruptionActionResult> ActAsync(Func<TEngine, (DisruptionActionResult Result, SubjectChange Change)> action)
    {
        ThrowIfDiverged();
        var (result, change) = action(Engine);
        if (result.Outcome == DisruptionActionOutcome.Done) await CommitAsync(change);
        return result;
    }

    /// <summary>
    /// Takes the subject out of service (<see cref="SubjectEngine.Retire"/>) unless a newer topology than
    /// <paramref name="topologyVersion"/> configured it since (topology versions only grow: the topology grain's
    /// state is stored before any subject is configured); its closing events must go out now, since a retired
    /// subject is not woken again.
    /// </summary>
    public async Task Decommission(long topologyVersion)
    {
        ThrowIfDiverged();
        if (Engine.TopologyVersion > topologyVersion) return;
        if (await this.GetReminder(WakeUpReminder) is { } reminder) await this.UnregisterReminder(reminder);
        Engine.Retire();
        _storage.State = (TState)Engine.State;
        _signals.Stored(null);
        await WriteAsync();
        if (!await _outbox.PublishAsync(Engine) || Engine.Outbox.Count > 0)
            throw new InvalidOperationException($"{Id}: could not publish the disruptions it closed; apply the topology again");
        ArmWork();
        DeactivateOnIdle();
    }

    private async Task<ApplyResult> ApplyInOrderAsync(SubjectBatch batch)
    {
        ThrowIfDiverged();
        var outcome = Engine.Apply(batch);
        switch (outcome.Disposition)
        {
            case BatchDisposition.NotConfigured:
                DeactivateOnIdle();
                return outcome.Result;
            case BatchDisposition.BelowWindow:
                return outcome.Result;
            case BatchDisposition.Duplicate:
                // Applied before, perhaps not stored yet: a duplicate is acknowledged once the write that may hold it succeeded.
                await _commit.WhenStored();
                return outcome.Result;
        }
        _order.Release(batch.FeedId, batch.Sequence);
        var (stored, leads) = _commit.Join();
        // Detection is not delayed by the write: what the batch opened or cleared goes out now, and the ack does
        // not depend on it (the outbox is stored; a stuck index costs the ack at most PublishWait).
        var published = _outbox.PublishAsync(Engine);
        if (leads) await WriteAtCheckpointAsync(stored);
        await stored;
        AfterCommit(outcome.Change);
        // Usually done by now (it started before the write); WaitAsync sets no timer then.
        try
        {
            await published.WaitAsync(PublishWait, _time);
        }
        catch (TimeoutException)
        {
        }
        return outcome.Result;
    }

    /// <summary>
    /// The first batch to join a write writes, inside its own call: at once when the subject has not written within a
    /// checkpoint interval, otherwise at the silo's next checkpoint (one timer for all grains).
    /// </summary>
    private async Task WriteAtCheckpointAsync(Task stored)
    {
        var due = _checkpoint.WhenDue(_lastWrite);
        // Batches already queued for this grain join the write before it starts.
        if (due.IsCompleted) await Task.Yield();
        else await due;
        // Another change may have written meanwhile (taking these batches along), or the grain diverged.
        if (!_commit.IsNext(stored)) return;
        try
        {
            await WriteAsync();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Subject}: storing its batches failed; they are not acknowledged and the grain reloads", Id);
        }
    }

    /// <summary>Stores a change at once (with any waiting batches), then publishes it.</summary>
    private async Task CommitAsync(SubjectChange change)
    {
        await WriteAsync();
        await _outbox.PublishAsync(Engine);
        AfterCommit(change);
    }

    /// <summary>Stores memory now. After a failure memory holds what storage does not: the grain reloads.</summary>
    private async Task WriteAsync()
    {
        var signal = Engine.LastSignal;
        _lastWrite = _time.GetTimestamp();
        try
        {
            await _commit.WriteAsync();
        }
        catch
        {
            // Batches waiting for a predecessor go now, and fail on the divergence.
            _order.ReleaseAll();
            DeactivateOnIdle();
            throw;
        }
        _unsavedBookkeeping = false;
        _signals.Stored(signal);
    }

    /// <summary>Once a change is stored: count what it opened, send the stored signal, re-arm the checks, tell the commodities.</summary>
    private void AfterCommit(SubjectChange change)
    {
        // Counted once stored: a failed write is retried by a resend, which counts then.
        SiloMetrics.CountOpened(change.Events);
        if (Engine.PendingSignal is not null) _signals.SendSoon();
        ArmWork();
        TryReportConditions();
    }

    private void ArmWork(DateTimeOffset? idleTickAt = null, DateTimeOffset? notBefore = null) =>
        _work.Arm(Id, Engine.NextDue(), _reindexPending || Engine.Outbox.Count > 0, _outbox.RetryAt, idleTickAt, notBefore);

    private async Task OnWorkTimer(CancellationToken cancellationToken)
    {
        if (_commit.Diverged) return;
        DateTimeOffset? tickedAt = null;
        var failed = false;
        try
        {
            await _outbox.PublishAsync(Engine);
            if (_reindexPending)
            {
                await _outbox.RestoreAsync(Engine);
                _reindexPending = false;
            }
            if (Engine.IsConfigured)
            {
                tickedAt = Now;
                var change = Engine.Tick();
                if (!change.IsEmpty)
                {
                    await CommitAsync(change);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            failed = true;
            _outbox.RetryAt = Now + OutboxPublisher.RetryDelay;
            _logger.LogWarning(e, "{Subject}: timed work failed; retrying", Id);
        }
        ArmWork(idleTickAt: failed ? null : tickedAt, notBefore: failed ? _outbox.RetryAt : null);
    }

    private Task Deliver(SignalDelivery delivery) => delivery.TargetType == SubjectType.Lane
        ? GrainFactory.GetGrain<IShipmentLaneGrain>(delivery.TargetId).OnEndpointChanged(Id, delivery.Signal)
        : GrainFactory.GetGrain<ISupplyNodeGrain>(delivery.TargetId).OnUpstreamChanged(Id, delivery.Signal);

    /// <summary>Indicators are secondary: a failure to report never fails an activation or a committed change.</summary>
    private void TryReportConditions()
    {
        try
        {
            ReportConditions();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Subject}: could not tell its commodities about its condition", Id);
        }
    }

    /// <summary>After a failed write memory holds what storage does not: nothing more is applied or stored until the grain reloads.</summary>
    private void ThrowIfDiverged()
    {
        if (_commit.Diverged) throw new InvalidOperationException($"{Id} is reloading its stored state after a failed write; retry");
    }
}
