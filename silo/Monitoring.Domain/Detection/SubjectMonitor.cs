using Monitoring.Domain.Detection.Rules;
using Monitoring.Domain.Subjects;

namespace Monitoring.Domain.Detection;

/// <summary>
/// The rules of one subject over its state, for one change (<see cref="SubjectEngine"/> makes one per change):
/// it applies observations and neighbours' signals and runs the rules in the same call, so a flag is raised by
/// the evidence that causes it; it runs the time-based checks and operator actions, and records an event for
/// every disruption it changes. Time comes from a <see cref="TimeProvider"/>.
/// </summary>
public abstract class SubjectMonitor
{
    private readonly ISubjectState _state;

    protected SubjectMonitor(ISubjectState state, SubjectIdentity subject, RuleThresholds thresholds, DetectionOptions options, TimeProvider time, DateTimeOffset? triggerReceivedAt)
    {
        _state = state;
        Subject = subject;
        Thresholds = thresholds;
        Options = options;
        Time = time;
        Disruptions = new DisruptionBook(state.Disruptions, subject, options.RecentlyClosedPerSubject, triggerReceivedAt);
    }

    public DisruptionBook Disruptions { get; }

    protected SubjectIdentity Subject { get; }

    protected RuleThresholds Thresholds { get; }

    protected DetectionOptions Options { get; }

    protected TimeProvider Time { get; }

    /// <summary>Time to recover assumed for this subject's own disruptions.</summary>
    protected abstract TimeSpan Recovery { get; }

    /// <summary>Applies the items of a batch not listed in <paramref name="rejected"/>; returns how many.</summary>
    public int Apply(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
        var now = Time.GetUtcNow();
        var skip = rejected.Count == 0 ? null : rejected.Select(r => r.Index).ToHashSet();
        var applied = ApplyObservations(batch, skip, now);
        foreach (var report in batch.Reports)
        {
            if (skip?.Contains(report.Index) == true) continue;
            DeclaredRule.Apply(Disruptions, Subject.Type, report, batch.FeedId, Subject.Commodities, now);
            Seen(report.ObservedAt);
            applied++;
        }
        _state.ObservationsApplied += applied;
        if (applied > 0) Heard(now);
        return applied;
    }

    /// <summary>Runs the checks that depend on time passing; returns when they next have work.</summary>
    public DateTimeOffset? Tick()
    {
        var now = Time.GetUtcNow();
        return Earliest(DeclaredRule.ExpireDue(Disruptions, now), CheckTime(now));
    }

    /// <summary>When <see cref="Tick"/> next has work, without changing anything.</summary>
    public DateTimeOffset? NextDue() => Earliest(DeclaredRule.NextExpiry(Disruptions.Active), NextTimeCheck());

    /// <summary>Closes every active disruption because the subject left the topology.</summary>
    public void Retire() => Disruptions.ClearAll(Time.GetUtcNow(), "removed from the topology");

    public DisruptionActionResult Acknowledge(string disruptionId, string actor, string note) =>
        Disruptions.Acknowledge(disruptionId, actor, note, Time.GetUtcNow());

    public DisruptionActionResult Resolve(string disruptionId, string actor, string note) =>
        Disruptions.Resolve(disruptionId, actor, note, Time.GetUtcNow());

    /// <summary>
    /// What this subject tells its neighbours: whether it is DISRUPTED, and why — its own critical
    /// disruptions, or the root causes it inherited through an upstream lane or endpoint.
    /// </summary>
    public (bool Disrupted, IReadOnlyList<RootCause> Causes) Impairment()
    {
        if (Disruptions.Status() != OperationalStatus.Disrupted) return (false, []);
        var causes = new Dictionary<string, RootCause>(StringComparer.Ordinal);
        foreach (var (ruleKey, id) in _state.Disruptions.ActiveByRuleKey)
        {
            var d = Disruptions.Active.FirstOrDefault(a => a.Id == id);
            if (d is null || d.Severity != Severity.Critical) continue;
            if (InheritedCauses(ruleKey) is { } inherited)
            {
                foreach (var cause in inherited) causes.TryAdd(cause.DisruptionId, cause);
            }
            else
            {
                causes[d.Id] = new RootCause(Subject.Id, Subject.Name, d.Id, d.Kind, Propagation.ExpectedEnd(d, Recovery), d.Summary, d.Commodities, []);
            }
        }
        return (true, causes.Values.OrderBy(c => c.DisruptionId, StringComparer.Ordinal).ToList());
    }

    /// <summary>The signal to send when the impairment differs from the last one sent, else null.</summary>
    public ImpairmentSignal? SignalIfChanged(ImpairmentSignal? last, DateTimeOffset? triggerReceivedAt)
    {
        var (disrupted, causes) = Impairment();
        var next = new ImpairmentSignal(Subject.Id, (last?.Sequence ?? 0) + 1, disrupted, causes, triggerReceivedAt);
        if (last is null ? !disrupted : next.SameImpairment(last)) return null;
        return next;
    }

    /// <summary>Items by observation time, stably; providers mostly send them in order, and then nothing is sorted.</summary>
    protected static IEnumerable<T> InTimeOrder<T>(IReadOnlyList<T> items, Func<T, DateTimeOffset> observedAt)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (observedAt(items[i]) < observedAt(items[i - 1])) return items.OrderBy(observedAt);
        }
        return items;
    }

    /// <summary>Applies the subject's own kind of observation (readings, shipments); reports are handled here.</summary>
    protected abstract int ApplyObservations(SubjectBatch batch, HashSet<int>? skip, DateTimeOffset now);

    /// <summary>Root causes inherited through the disruption with this rule key, or null when it is the subject's own.</summary>
    protected abstract IReadOnlyList<RootCause>? InheritedCauses(string ruleKey);

    /// <summary>Valid observations arrived from the subject's feed.</summary>
    protected virtual void Heard(DateTimeOffset now)
    {
    }

    /// <summary>Rule checks that depend on time passing; returns when they next have work.</summary>
    protected virtual DateTimeOffset? CheckTime(DateTimeOffset now) => null;

    protected virtual DateTimeOffset? NextTimeCheck() => null;

    /// <summary>When a disruption whose clear may have waited for the minimum open time should be looked at again.</summary>
    protected DateTimeOffset? NextHeldOpenCheck()
    {
        DateTimeOffset? next = null;
        var now = Time.GetUtcNow();
        foreach (var d in Disruptions.Active)
        {
            if (d.Kind is not (DisruptionKind.OutputDrop or DisruptionKind.InventoryLow or DisruptionKind.Anomaly or DisruptionKind.LaneDelay)) continue;
            var due = d.OpenedAt + Thresholds.MinimumOpenTime + TimeSpan.FromMilliseconds(1);
            if (due > now) next = Earliest(next, due);
        }
        return next;
    }

    protected void Seen(DateTimeOffset observedAt)
    {
        if (_state.LastObservationAt is null || observedAt > _state.LastObservationAt) _state.LastObservationAt = observedAt;
    }

    protected static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
