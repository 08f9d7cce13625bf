namespace Monitoring.Domain.Detection;

/// <summary>
/// Opens, changes and clears the disruptions of one subject and records an event for each change.
/// Ids are "&lt;subject&gt;--&lt;kind&gt;-&lt;n&gt;" and never change while a disruption lives.
/// </summary>
public sealed class DisruptionBook(DisruptionBookState state, SubjectIdentity subject, int recentlyClosedLimit, DateTimeOffset? triggerReceivedAt)
{
    private const int MaxEvidence = 20;
    private const int MaxHistory = 50;
    public const string SystemActor = "system";

    private readonly List<MonitoringEvent> _events = [];

    /// <summary>Events for every change made through this book, in order.</summary>
    public IReadOnlyList<MonitoringEvent> Events => _events;

    public IReadOnlyList<Disruption> Active => state.Active;

    public IReadOnlyList<Disruption> RecentlyClosed => state.RecentlyClosed;

    public Disruption? FindActive(string ruleKey) =>
        state.ActiveByRuleKey.TryGetValue(ruleKey, out var id) ? state.Active.Find(d => d.Id == id) : null;

    public Disruption Open(
        string ruleKey,
        DisruptionKind kind,
        Severity severity,
        IReadOnlyList<string> commodities,
        string summary,
        DisruptionEvidence evidence,
        DateTimeOffset at,
        string actor,
        string reason,
        Cause? cause = null,
        TimeSpan? expectedDuration = null,
        string? reportId = null,
        TimeSpan? estimatedTimeToRecover = null,
        IReadOnlyList<string>? rootCauseIds = null,
        IReadOnlyList<string>? rootCauseNames = null)
    {
        if (FindActive(ruleKey) is not null)
            throw new InvalidOperationException($"rule key {ruleKey} already has an active disruption");

        var slug = KindSlug(kind);
        var number = state.LastNumberByKind.GetValueOrDefault(slug) + 1;
        state.LastNumberByKind[slug] = number;
        var id = $"{subject.Id}{Identifiers.DisruptionSeparator}{slug}-{number}";
        var disruption = new Disruption(
            id, subject.Id, subject.Type, subject.Name, commodities, kind, severity, DisruptionState.Open,
            OpenedAt: at, ClearedAt: null, UpdatedAt: at, summary, [evidence],
            [new DisruptionTransition(DisruptionState.Open, severity, at, actor, reason)],
            cause, expectedDuration, reportId, estimatedTimeToRecover ?? expectedDuration, Version: 1, rootCauseIds, RootCauseNames: rootCauseNames);
        state.Active.Add(disruption);
        state.ActiveByRuleKey[ruleKey] = id;
        Record(MonitoringEventType.DisruptionOpened, disruption, at);
        return disruption;
    }

    /// <summary>Changes severity, summary or expected duration; records a transition when severity changes.</summary>
    public Disruption Update(
        string ruleKey,
        Severity severity,
        string summary,
        DisruptionEvidence? evidence,
        DateTimeOffset at,
        string actor,
        string reason,
        TimeSpan? expectedDuration = null,
        Cause? cause = null,
        TimeSpan? estimatedTimeToRecover = null,
        IReadOnlyList<string>? rootCauseIds = null,
        IReadOnlyList<string>? rootCauseNames = null)
    {
        var current = FindActive(ruleKey) ?? throw new InvalidOperationException($"no active disruption for {ruleKey}");
        var history = current.Severity != severity
            ? Bounded(current.History, new DisruptionTransition(current.State, severity, at, actor, reason), MaxHistory)
            : current.History;
        var updated = current with
        {
            Severity = severity,
            Summary = summary,
            Evidence = evidence is null ? current.Evidence : Bounded(current.Evidence, evidence, MaxEvidence),
            History = history,
            ExpectedDuration = expectedDuration ?? current.ExpectedDuration,
            EstimatedTimeToRecover = estimatedTimeToRecover ?? expectedDuration ?? current.EstimatedTimeToRecover,
            Cause = cause ?? current.Cause,
            RootCauseIds = rootCauseIds ?? current.RootCauseIds,
            RootCauseNames = rootCauseNames ?? current.RootCauseNames,
            FormerRootCauseIds = rootCauseIds is null ? current.FormerRootCauseIds : Former(current, rootCauseIds),
            UpdatedAt = at,
            Version = current.Version + 1,
        };
        Replace(current, updated);
        Record(MonitoringEventType.DisruptionUpdated, updated, at);
        return updated;
    }

    /// <summary>Closes the disruption as CLEARED: the condition is gone.</summary>
    public Disruption Clear(string ruleKey, DisruptionEvidence? evidence, DateTimeOffset at, string actor, string reason)
    {
        var current = FindActive(ruleKey) ?? throw new InvalidOperationException($"no active disruption for {ruleKey}");
        var cleared = current with
        {
            State = DisruptionState.Cleared,
            ClearedAt = at,
            UpdatedAt = at,
            Evidence = evidence is null ? current.Evidence : Bounded(current.Evidence, evidence, MaxEvidence),
            History = Bounded(current.History, new DisruptionTransition(DisruptionState.Cleared, current.Severity, at, actor, reason), MaxHistory),
            Version = current.Version + 1,
        };
        state.Active.Remove(current);
        state.ActiveByRuleKey.Remove(ruleKey);
        Remember(cleared);
        Record(MonitoringEventType.DisruptionCleared, cleared, at);
        return cleared;
    }

    /// <summary>True when the active disruption has been open at least <paramref name="minimum"/> (automatic clears wait for it).</summary>
    public bool OpenLongEnough(Disruption disruption, DateTimeOffset now, TimeSpan minimum) => now - disruption.OpenedAt >= minimum;

    /// <summary>An operator takes the case: OPEN (or ACKNOWLEDGED again, with a new note) → ACKNOWLEDGED.</summary>
    public DisruptionActionResult Acknowledge(string disruptionId, string actor, string note, DateTimeOffset at)
    {
        var current = state.Active.Find(d => d.Id == disruptionId);
        if (current is null)
        {
            return state.RecentlyClosed.Find(d => d.Id == disruptionId) is { } closed
                ? new DisruptionActionResult(DisruptionActionOutcome.NotAllowed, closed, $"{disruptionId} is {closed.State.ToString().ToUpperInvariant()}: only OPEN or ACKNOWLEDGED disruptions can be acknowledged")
                : new DisruptionActionResult(DisruptionActionOutcome.NotFound, null, $"{disruptionId} is not a disruption of {subject.Id}");
        }
        var acknowledged = current with
        {
            State = DisruptionState.Acknowledged,
            UpdatedAt = at,
            History = Bounded(current.History, new DisruptionTransition(DisruptionState.Acknowledged, current.Severity, at, actor, note), MaxHistory),
            Version = current.Version + 1,
        };
        Replace(current, acknowledged);
        Record(MonitoringEventType.DisruptionAcknowledged, acknowledged, at);
        return new DisruptionActionResult(DisruptionActionOutcome.Done, acknowledged, "acknowledged");
    }

    /// <summary>An operator closes the case: OPEN, ACKNOWLEDGED or CLEARED → RESOLVED.</summary>
    public DisruptionActionResult Resolve(string disruptionId, string actor, string note, DateTimeOffset at)
    {
        if (state.Active.Find(d => d.Id == disruptionId) is { } active)
        {
            var resolved = Resolved(active, actor, note, at) with { ClearedAt = at };
            state.Active.Remove(active);
            foreach (var key in state.ActiveByRuleKey.Where(kv => kv.Value == disruptionId).Select(kv => kv.Key).ToList()) state.ActiveByRuleKey.Remove(key);
            Remember(resolved);
            Record(MonitoringEventType.DisruptionResolved, resolved, at);
            return new DisruptionActionResult(DisruptionActionOutcome.Done, resolved, "resolved");
        }
        var index = state.RecentlyClosed.FindIndex(d => d.Id == disruptionId);
        if (index < 0) return new DisruptionActionResult(DisruptionActionOutcome.NotFound, null, $"{disruptionId} is not a disruption of {subject.Id}");
        var closed = state.RecentlyClosed[index];
        if (closed.State == DisruptionState.Resolved)
            return new DisruptionActionResult(DisruptionActionOutcome.NotAllowed, closed, $"{disruptionId} is already RESOLVED");
        var done = Resolved(closed, actor, note, at);
        state.RecentlyClosed[index] = done;
        Record(MonitoringEventType.DisruptionResolved, done, at);
        return new DisruptionActionResult(DisruptionActionOutcome.Done, done, "resolved");
    }

    private static Disruption Resolved(Disruption d, string actor, string note, DateTimeOffset at) => d with
    {
        State = DisruptionState.Resolved,
        UpdatedAt = at,
        History = Bounded(d.History, new DisruptionTransition(DisruptionState.Resolved, d.Severity, at, actor, note), MaxHistory),
        Version = d.Version + 1,
    };

    /// <summary>The roots a consequence had and, with <paramref name="now"/> as its roots, no longer has: newest first, bounded.</summary>
    private static IReadOnlyList<string>? Former(Disruption current, IReadOnlyList<string> now)
    {
        var dropped = (current.RootCauseIds ?? []).Concat(current.FormerRootCauseIds ?? [])
            .Where(id => !now.Contains(id))
            .Distinct(StringComparer.Ordinal)
            .Take(Disruption.MaxFormerRootCauses)
            .ToList();
        return dropped.Count > 0 ? dropped : null;
    }

    private void Remember(Disruption closed)
    {
        state.RecentlyClosed.Insert(0, closed);
        if (state.RecentlyClosed.Count > recentlyClosedLimit)
            state.RecentlyClosed.RemoveRange(recentlyClosedLimit, state.RecentlyClosed.Count - recentlyClosedLimit);
    }

    public void ClearAll(DateTimeOffset at, string reason)
    {
        foreach (var key in state.ActiveByRuleKey.Keys.ToList()) Clear(key, null, at, SystemActor, reason);
    }

    /// <summary>
    /// Status implied by the active disruptions (of one commodity, or all; leaving out one kind if asked):
    /// the worst one wins; INFO never changes status.
    /// </summary>
    public OperationalStatus Status(string? commodity = null, DisruptionKind? except = null)
    {
        var status = OperationalStatus.Operational;
        foreach (var d in state.Active)
        {
            if ((commodity is not null && !d.Commodities.Contains(commodity)) || d.Kind == except) continue;
            var implied = d.Kind == DisruptionKind.FeedSilent ? OperationalStatus.Unknown
                : d.Severity == Severity.Critical ? OperationalStatus.Disrupted
                : d.Severity == Severity.Warning ? OperationalStatus.Degraded
                : OperationalStatus.Operational;
            if (implied.Rank() > status.Rank()) status = implied;
        }
        return status;
    }


    private void Replace(Disruption current, Disruption updated) => state.Active[state.Active.IndexOf(current)] = updated;

    private void Record(MonitoringEventType type, Disruption disruption, DateTimeOffset at) =>
        _events.Add(new MonitoringEvent(type, at, disruption, 0, triggerReceivedAt));

    private static IReadOnlyList<T> Bounded<T>(IReadOnlyList<T> items, T item, int max)
    {
        var list = new List<T>(Math.Min(items.Count + 1, max));
        // Keep the first entry (what opened it) and the newest ones.
        if (items.Count + 1 > max)
        {
            list.Add(items[0]);
            list.AddRange(items.Skip(items.Count + 2 - max));
        }
        else
        {
            list.AddRange(items);
        }
        list.Add(item);
        return list;
    }

    public static string KindSlug(DisruptionKind kind) => kind switch
    {
        DisruptionKind.OutputDrop => "output-drop",
        DisruptionKind.InventoryLow => "inventory-low",
        DisruptionKind.LaneDelay => "lane-delay",
        DisruptionKind.LaneBlocked => "lane-blocked",
        DisruptionKind.FeedSilent => "feed-silent",
        DisruptionKind.Declared => "declared",
        DisruptionKind.Anomaly => "anomaly",
        DisruptionKind.UpstreamExposure => "upstream-exposure",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
