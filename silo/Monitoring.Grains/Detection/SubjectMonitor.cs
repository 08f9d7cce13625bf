namespace Monitoring.Grains.Detection;

/// <summary>What node and lane state have in common.</summary>
public interface ISubjectState
{
    /// <summary>Per feed: which batch sequences were applied (stored with the changes they made).</summary>
    Dictionary<string, FeedSequenceWindow> Feeds { get; set; }

    DisruptionBookState Disruptions { get; set; }

    long ObservationsApplied { get; set; }

    DateTimeOffset? LastObservationAt { get; set; }

    /// <summary>Events stored with the changes that caused them but not yet confirmed published (an outbox).</summary>
    List<MonitoringEvent> UnpublishedEvents { get; set; }
}

/// <summary>
/// The detection logic of one subject, free of Orleans: applies a batch's accepted observations and
/// runs the rules in the same call, so a flag is raised by the observation that causes it.
/// </summary>
public abstract class SubjectMonitor(ISubjectState state, SubjectIdentity identity, DetectionOptions options, DateTimeOffset? triggerReceivedAt)
{
    public DisruptionBook Disruptions { get; } = new(state.Disruptions, identity, options.RecentlyClosedPerSubject, triggerReceivedAt);

    protected SubjectIdentity Subject { get; } = identity;

    protected DetectionOptions Options { get; } = options;

    /// <summary>Applies the items of a batch not listed in <paramref name="rejected"/>; returns how many.</summary>
    public int Apply(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected, DateTimeOffset now)
    {
        var skip = rejected.Count == 0 ? null : rejected.Select(r => r.Index).ToHashSet();
        var applied = ApplyObservations(batch, skip, now);
        foreach (var report in batch.Reports)
        {
            if (skip?.Contains(report.Index) == true) continue;
            DeclaredRule.Apply(Disruptions, report, batch.FeedId, Subject.Commodities, now);
            Seen(report.ObservedAt);
            applied++;
        }
        state.ObservationsApplied += applied;
        return applied;
    }

    /// <summary>Runs the time-based checks (expected ends of declared disruptions); returns when the next one is due.</summary>
    public DateTimeOffset? Tick(DateTimeOffset now) => DeclaredRule.ExpireDue(Disruptions, now);

    /// <summary>Closes every active disruption because the subject left the topology.</summary>
    public void Retire(DateTimeOffset now) => Disruptions.ClearAll(now, "removed from the topology");

    /// <summary>Applies the subject's own kind of observation (readings, shipments); reports are handled here.</summary>
    protected abstract int ApplyObservations(SubjectBatch batch, HashSet<int>? skip, DateTimeOffset now);

    protected void Seen(DateTimeOffset observedAt)
    {
        if (state.LastObservationAt is null || observedAt > state.LastObservationAt) state.LastObservationAt = observedAt;
    }
}
