using Monitoring.Domain.Detection;

namespace Monitoring.Domain.Subjects;

/// <summary>
/// The life of one node or lane, free of Orleans: its grain runs it, and tests run whole networks of them.
/// A batch is checked, recognised when it was applied before (per-feed sequences stored with the state) and
/// applied through the rules, so a flag is raised by the evidence that causes it; time-based checks run when
/// due (<see cref="NextDue"/>); operator actions change disruptions. Every change puts its events into an
/// outbox kept with the state and, when the impairment changed, a signal for the neighbours
/// (<see cref="Deliveries"/>). The caller stores the state, then publishes the outbox and delivers the signal
/// (docs/architecture.md).
/// </summary>
public abstract class SubjectEngine
{
    /// <summary>How often an idle subject is woken, at most, to run its time-based checks (a reminder: also after a silo restart).</summary>
    public static readonly TimeSpan MaxWakeUpPeriod = TimeSpan.FromMinutes(10);

    private RuleThresholds? _thresholds;

    protected SubjectEngine(string id, ISubjectState state, DetectionOptions options, TimeProvider time)
    {
        Id = id;
        State = state;
        Options = options;
        Time = time;
    }

    public string Id { get; }

    /// <summary>Everything the subject stores; replaced when it retires.</summary>
    public ISubjectState State { get; private set; }

    public abstract SubjectType Type { get; }

    public abstract bool IsConfigured { get; }

    /// <summary>The commodities of the configured subject.</summary>
    public abstract IReadOnlyList<string> Commodities { get; }

    /// <summary>The topology version that configured the subject (0: none).</summary>
    public abstract long TopologyVersion { get; }

    /// <summary>Events stored with the changes that made them and not yet published, oldest first.</summary>
    public IReadOnlyList<MonitoringEvent> Outbox => State.UnpublishedEvents;

    /// <summary>The impairment last told (or to tell) the neighbours.</summary>
    public ImpairmentSignal? LastSignal => State.LastSignal;

    /// <summary>The signal that has yet to reach every neighbour, if any.</summary>
    public ImpairmentSignal? PendingSignal => State.SignalPending ? State.LastSignal : null;

    /// <summary>The subject's active and recently closed disruptions, as it holds them.</summary>
    public IReadOnlyList<Disruption> Disruptions => [.. State.Disruptions.Active, .. State.Disruptions.RecentlyClosed];

    protected DetectionOptions Options { get; }

    protected TimeProvider Time { get; }

    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Defaults, configuration, kind and the subject's own thresholds, resolved once per configuration.</summary>
    protected RuleThresholds Thresholds => _thresholds ??= ResolveThresholds();

    /// <summary>Whether batch <paramref name="sequence"/> of <paramref name="feedId"/> was applied (or is older than the window).</summary>
    public bool HasApplied(string feedId, ulong sequence) => State.Feeds.TryGetValue(feedId, out var window) && window.Contains(sequence);

    /// <summary>
    /// Applies one batch's part for this subject: refuses what the subject's spec or history rules out, item by
    /// item; recognises a batch applied before; otherwise runs the rules and the time-based checks at once.
    /// </summary>
    public BatchOutcome Apply(SubjectBatch batch)
    {
        if (!IsConfigured)
        {
            var what = Type.ToString().ToLowerInvariant();
            var refused = AllItems(batch).Select(i => new ItemRejection(i, RejectionCodes.UnknownSubject, $"'{Id}' is not a {what} of the topology")).ToList();
            return new BatchOutcome(BatchDisposition.NotConfigured, new ApplyResult(false, 0, refused), SubjectChange.None);
        }

        var rejections = Validate(batch);
        var accepted = batch.Count - rejections.Count;
        // A window idle past the retention counts as forgotten, pruned or not (the gateway's directory forgot the feed too).
        if (!State.Feeds.TryGetValue(batch.FeedId, out var window) || window.IsExpired(Now, Options.FeedWindowRetention))
        {
            // A new feed here: first forget the feeds long silent on this subject.
            FeedSequenceWindow.Prune(State.Feeds, Now, Options.FeedWindowRetention);
            State.Feeds[batch.FeedId] = window = new FeedSequenceWindow { Epoch = batch.FeedEpoch };
        }
        // Sent before a reset of the feed, or below what the subject can tell apart: refused whole, not taken for a duplicate.
        if (window.Epoch > batch.FeedEpoch || (window.Epoch == batch.FeedEpoch && window.IsBelow(batch.Sequence)))
            return new BatchOutcome(BatchDisposition.BelowWindow, ApplyResult.RefusedBelowWindow(window.Highest, window.Epoch), SubjectChange.None);
        // The feed was reset since this subject last heard of it: its earlier sequences mean nothing now.
        if (window.Epoch < batch.FeedEpoch) State.Feeds[batch.FeedId] = window = new FeedSequenceWindow { Epoch = batch.FeedEpoch };
        if (window.Contains(batch.Sequence)) return new BatchOutcome(BatchDisposition.Duplicate, new ApplyResult(true, accepted, rejections), SubjectChange.None);

        // Checked only when applied: a resent batch's items were checked the first time (the state holds them now).
        if (ValidateAgainstState(batch, rejections).Concat(CheckReports(batch, rejections)).ToList() is { Count: > 0 } contradicted)
        {
            rejections = [.. rejections, .. contradicted];
            accepted -= contradicted.Count;
        }
        var monitor = Monitor(batch.ReceivedAt);
        monitor.Apply(batch, rejections);
        monitor.Tick();
        window.Add(batch.Sequence, Now);
        OnApplied(batch, rejections);
        return new BatchOutcome(BatchDisposition.Applied, new ApplyResult(false, accepted, rejections), Collect(monitor, batch.ReceivedAt));
    }

    /// <summary>Runs the checks that depend on time passing (feed silence, expected ends, overdue shipments, …).</summary>
    public SubjectChange Tick()
    {
        if (!IsConfigured) return SubjectChange.None;
        var monitor = Monitor(null);
        monitor.Tick();
        return Collect(monitor, null);
    }

    /// <summary>When <see cref="Tick"/> next has work (null: nothing is waiting for time to pass).</summary>
    public DateTimeOffset? NextDue() => IsConfigured ? Monitor(null).NextDue() : null;

    /// <summary>
    /// A neighbour's impairment changed (an inbound lane for a node, an end for a lane). Null when the signal
    /// changes nothing: older than the one known, or from a subject that is no longer a neighbour.
    /// </summary>
    public SubjectChange? Receive(string fromId, ImpairmentSignal signal)
    {
        if (!IsConfigured) throw new InvalidOperationException($"{Id} is not configured");
        var monitor = Monitor(signal.TriggerReceivedAt);
        if (!OnSignal(monitor, fromId, signal)) return null;
        monitor.Tick();
        return Collect(monitor, signal.TriggerReceivedAt);
    }

    /// <summary>An operator takes a disruption: OPEN (or ACKNOWLEDGED again, with a new note) → ACKNOWLEDGED.</summary>
    public (DisruptionActionResult Result, SubjectChange Change) Acknowledge(string disruptionId, string actor, string note) =>
        Act(m => m.Acknowledge(disruptionId, actor, note));

    /// <summary>An operator closes a disruption; the time-based checks run after it (a condition that persists opens again).</summary>
    public (DisruptionActionResult Result, SubjectChange Change) Resolve(string disruptionId, string actor, string note) =>
        Act(m => m.Resolve(disruptionId, actor, note));

    /// <summary>
    /// Takes the subject out of service: closes its disruptions (their events stay in the outbox) and forgets
    /// its data, but keeps the applied sequences (old resends stay duplicates) and the disruption numbering
    /// (ids are never reused). <see cref="State"/> is a new object afterwards.
    /// </summary>
    public SubjectChange Retire()
    {
        var retired = NewState();
        retired.Feeds = State.Feeds;
        retired.UnpublishedEvents = State.UnpublishedEvents;
        IReadOnlyList<MonitoringEvent> events = [];
        if (IsConfigured)
        {
            var monitor = Monitor(null);
            monitor.Retire();
            events = monitor.Disruptions.Events;
            retired.UnpublishedEvents.AddRange(events);
        }
        retired.Disruptions.LastNumberByKind = State.Disruptions.LastNumberByKind;
        State = retired;
        Reconfigured();
        return new SubjectChange(events, false);
    }

    /// <summary>The first <paramref name="count"/> events of the outbox were published.</summary>
    public void Published(int count) => State.UnpublishedEvents.RemoveRange(0, Math.Min(count, State.UnpublishedEvents.Count));

    /// <summary>
    /// <paramref name="signal"/> reached every neighbour. Returns false, leaving the signal pending, when a newer
    /// one replaced it meanwhile.
    /// </summary>
    public bool Delivered(ImpairmentSignal signal)
    {
        if (!ReferenceEquals(State.LastSignal, signal)) return false;
        State.SignalPending = false;
        return true;
    }

    /// <summary>How often to wake the subject when nothing calls it, given the reminder service's minimum period.</summary>
    public abstract TimeSpan WakeUpPeriod(TimeSpan minimum);

    /// <summary>Who to tell about <paramref name="signal"/>, and what.</summary>
    public abstract IReadOnlyList<SignalDelivery> Deliveries(ImpairmentSignal signal);

    /// <summary>The configuration changed: thresholds are resolved again.</summary>
    protected void Reconfigured() => _thresholds = null;

    /// <summary>Applies a configuration change through the rules (clearing what it removed) and the time-based checks.</summary>
    protected SubjectChange Change(Action<SubjectMonitor> change)
    {
        var monitor = Monitor(null);
        change(monitor);
        monitor.Tick();
        return Collect(monitor, null);
    }

    protected abstract RuleThresholds ResolveThresholds();

    /// <summary>The rules over the current state for one change; events they record carry <paramref name="triggerReceivedAt"/>.</summary>
    protected abstract SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt);

    /// <summary>Refusals on domain grounds the gateway cannot judge (it does not know the subject's spec).</summary>
    protected abstract IReadOnlyList<ItemRejection> Validate(SubjectBatch batch);

    /// <summary>
    /// Report items refused one by one: a new report beyond <see cref="DetectionOptions.MaxDeclaredPerSubject"/> open at once
    /// (a report updating or clearing an open one always passes; a clear makes room for a later report in the same batch),
    /// and a clear of a report_id the subject neither holds open nor closed recently (a typo would otherwise leave the real
    /// disruption open while the provider believes it cleared).
    /// </summary>
    private List<ItemRejection> CheckReports(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
        var refused = new List<ItemRejection>();
        if (batch.Reports.Count == 0) return refused;
        var max = Options.MaxDeclaredPerSubject;
        var open = State.Disruptions.Active.Where(d => d.ReportId is not null).Select(d => d.ReportId!).ToHashSet(StringComparer.Ordinal);
        var closed = State.Disruptions.RecentlyClosed.Where(d => d.ReportId is not null).Select(d => d.ReportId!).ToHashSet(StringComparer.Ordinal);
        var skipped = rejected.Select(r => r.Index).ToHashSet();
        foreach (var report in batch.Reports.Where(r => !skipped.Contains(r.Index)))
        {
            if (report.Clear)
            {
                // Clearing one cleared already (or expired) changes nothing and is no mistake: a provider may repeat it.
                if (open.Remove(report.ReportId) || closed.Contains(report.ReportId)) closed.Add(report.ReportId);
                else refused.Add(new ItemRejection(report.Index, RejectionCodes.UnknownReport, UnknownReport(report.ReportId, open)));
            }
            else if (!open.Contains(report.ReportId) && open.Count >= max)
                refused.Add(new ItemRejection(report.Index, RejectionCodes.TooManyReports,
                    $"'{Id}' already has {max} declared disruptions open (Detection:MaxDeclaredPerSubject): clear one, or update an open one by its report_id"));
            else open.Add(report.ReportId);
        }
        return refused;
    }

    private string UnknownReport(string reportId, IReadOnlySet<string> open)
    {
        var named = open.Order(StringComparer.Ordinal).Take(5).Select(r => $"'{r}'").ToList();
        var list = named.Count == 0 ? "none is open" : $"open: {string.Join(", ", named)}{(open.Count > named.Count ? $" and {open.Count - named.Count} more" : "")}";
        return $"'{Id}' has no declared disruption with report_id '{reportId}', open or recently closed ({list}): nothing was cleared; clear by the report_id it was declared with";
    }

    /// <summary>Refusals against what the subject has seen (a shipment's lifecycle), for a batch about to be applied.</summary>
    protected virtual IReadOnlyList<ItemRejection> ValidateAgainstState(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected) => [];

    /// <summary>After a batch's accepted items were applied (memory-only views such as sparklines).</summary>
    protected virtual void OnApplied(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
    }

    /// <summary>Takes a neighbour's signal; false when it changes nothing.</summary>
    protected abstract bool OnSignal(SubjectMonitor monitor, string fromId, ImpairmentSignal signal);

    protected abstract ISubjectState NewState();

    private (DisruptionActionResult, SubjectChange) Act(Func<SubjectMonitor, DisruptionActionResult> action)
    {
        if (!IsConfigured) return (new DisruptionActionResult(DisruptionActionOutcome.NotFound, null, $"{Id} is not in the topology"), SubjectChange.None);
        var monitor = Monitor(null);
        var result = action(monitor);
        if (result.Outcome != DisruptionActionOutcome.Done) return (result, SubjectChange.None);
        monitor.Tick();
        return (result, Collect(monitor, null));
    }

    /// <summary>Puts what the rules recorded into the outbox, and a changed impairment into the signal to send.</summary>
    private SubjectChange Collect(SubjectMonitor monitor, DateTimeOffset? triggerReceivedAt)
    {
        var events = monitor.Disruptions.Events;
        State.UnpublishedEvents.AddRange(events);
        var signal = monitor.SignalIfChanged(State.LastSignal, triggerReceivedAt);
        if (signal is not null)
        {
            State.LastSignal = signal;
            State.SignalPending = true;
        }
        return events.Count == 0 && signal is null ? SubjectChange.None : new SubjectChange(events, signal is not null);
    }

    private static IEnumerable<int> AllItems(SubjectBatch batch) =>
        batch.Readings.Select(r => r.Index).Concat(batch.Shipments.Select(s => s.Index)).Concat(batch.Reports.Select(r => r.Index));
}
