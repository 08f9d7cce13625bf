using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Persistence;
using Orleans.Concurrency;

namespace Monitoring.Grains.Disruptions;

/// <summary>
/// Active and recent disruptions of one commodity. Upserts are group-committed: each is acknowledged only
/// once stored, and the index writes at most once per <see cref="DisruptionIndexOptions.WriteDelay"/>, those arriving
/// meanwhile sharing the write (the grain is reentrant for that; every change to memory is synchronous). A write stores the disruptions changed since
/// the last snapshot (a journal); once they are more than a quarter of the index, the whole index is stored as the next
/// snapshot and the journal starts empty, so a write costs about the changes, not the index. Subjects also put their
/// disruptions back when they activate, so an index restored from an older copy catches up.
/// </summary>
[Reentrant]
public sealed class DisruptionIndexGrain : Grain, IDisruptionIndexGrain
{
    /// <summary>Changes the journal holds at least before a snapshot is taken (a small index is cheap to store whole).</summary>
    public const int MinJournalBeforeSnapshot = 64;

    private readonly IPersistentState<DisruptionIndexState> _storage;
    private readonly IPersistentState<DisruptionJournalState> _journal;
    private readonly IOptions<DisruptionIndexOptions> _options;
    private readonly DelayedWrite _write;

    public DisruptionIndexGrain(
        [PersistentState("disruptions", GrainStorage.Name)] IPersistentState<DisruptionIndexState> storage,
        [PersistentState("disruptions-journal", GrainStorage.Name)] IPersistentState<DisruptionJournalState> journal,
        IOptions<DisruptionIndexOptions> options,
        TimeProvider time,
        ILogger<DisruptionIndexGrain> logger)
    {
        _storage = storage;
        _journal = journal;
        _options = options;
        // A failed write keeps the changes for the next one; the subjects retry their upserts meanwhile.
        _write = new DelayedWrite(this, WriteAsync, time, () => options.Value.WriteDelay, logger, "the disruption index");
    }

    private Dictionary<string, Disruption> ById => _storage.State.ById;

    /// <summary>
    /// The closed disruptions, oldest first (built from the state when first needed), so that trimming removes the
    /// oldest without sorting the whole index on every upsert.
    /// </summary>
    private SortedSet<(DateTimeOffset UpdatedAt, string Id)>? _closed;

    public Task Upsert(Disruption disruption)
    {
        // Versions only grow: an older copy, or a retry of one held already, changes nothing, and is acknowledged
        // once what the index holds is stored (after a failed write, by a new one).
        if (ById.TryGetValue(disruption.Id, out var known) && known.Version >= disruption.Version) return _write.WhenStored();
        Put(disruption);
        return _write.Next();
    }

    public Task Restore(Disruption disruption)
    {
        Put(disruption);
        return _write.Next();
    }

    public Task<IReadOnlyList<Disruption>> List(DisruptionQuery query)
    {
        IReadOnlyList<Disruption> result = ById.Values
            .Where(query.Matches)
            .OrderByDescending(d => d.UpdatedAt)
            .Take(Math.Max(0, query.Limit))
            .ToList();
        return Task.FromResult(result);
    }

    public Task<DisruptionCounts> Count()
    {
        int active = 0, critical = 0;
        foreach (var d in ById.Values)
        {
            if (!d.State.IsActive()) continue;
            active++;
            if (d.Severity == Severity.Critical) critical++;
        }
        return Task.FromResult(new DisruptionCounts(active, critical));
    }

    public Task<IReadOnlyList<DisruptionTally>> Tally()
    {
        IReadOnlyList<DisruptionTally> result = ById.Values
            .Where(d => d.State.IsActive())
            .GroupBy(d => (d.Kind, d.Severity))
            .Select(g => new DisruptionTally(g.Key.Kind, g.Key.Severity, g.Count()))
            .ToList();
        return Task.FromResult(result);
    }

    /// <summary>Replays the journal of the stored snapshot (a journal of an earlier one is in the snapshot already).</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_journal.State.Snapshot == _storage.State.Snapshot)
        {
            foreach (var change in _journal.State.Changes.Values.ToList()) Put(change, journal: false);
            foreach (var id in _journal.State.Removed) Remove(id);
        }
        else
        {
            _journal.State = new DisruptionJournalState { Snapshot = _storage.State.Snapshot };
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);

    /// <summary>
    /// Stores the journal, or, once it holds more than a quarter of the index, a snapshot of the whole index followed by a
    /// new journal holding what changed while the snapshot was written (so nothing changed meanwhile is left out).
    /// </summary>
    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var journal = _journal.State;
        if (journal.Count <= Math.Max(MinJournalBeforeSnapshot, ById.Count / 4))
        {
            await _journal.WriteStateAsync(cancellationToken);
            return;
        }
        var snapshot = journal.Snapshot + 1;
        _storage.State.Snapshot = snapshot;
        _journal.State = new DisruptionJournalState { Snapshot = snapshot };
        try
        {
            await _storage.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Storage still holds the previous snapshot: the changes since it, old and new, go back into its journal.
            foreach (var id in _journal.State.Removed)
            {
                journal.Changes.Remove(id);
                journal.Removed.Add(id);
            }
            foreach (var (id, change) in _journal.State.Changes)
            {
                journal.Changes[id] = change;
                journal.Removed.Remove(id);
            }
            _storage.State.Snapshot = journal.Snapshot;
            _journal.State = journal;
            throw;
        }
        await _journal.WriteStateAsync(cancellationToken);
    }

    /// <summary>Puts <paramref name="disruption"/> in, in place of what the index held under its id, and (unless replaying) in the journal.</summary>
    private void Put(Disruption disruption, bool journal = true)
    {
        if (journal)
        {
            _journal.State.Changes[disruption.Id] = disruption;
            _journal.State.Removed.Remove(disruption.Id);
        }
        var closed = _closed ??= new SortedSet<(DateTimeOffset, string)>(ById.Values.Where(d => !d.State.IsActive()).Select(d => (d.UpdatedAt, d.Id)));
        if (ById.TryGetValue(disruption.Id, out var known) && !known.State.IsActive()) closed.Remove((known.UpdatedAt, known.Id));
        ById[disruption.Id] = disruption;
        if (!disruption.State.IsActive()) closed.Add((disruption.UpdatedAt, disruption.Id));

        // The oldest closed disruptions go first; active ones are always kept.
        while (ById.Count > _options.Value.MaxRetained && closed.Count > 0)
        {
            var oldest = closed.Min;
            closed.Remove(oldest);
            ById.Remove(oldest.Id);
            _journal.State.Changes.Remove(oldest.Id);
            _journal.State.Removed.Add(oldest.Id);
        }
    }

    /// <summary>Drops a trimmed entry found again on replay (the snapshot may hold an older copy of it).</summary>
    private void Remove(string id)
    {
        if (!ById.Remove(id, out var known)) return;
        if (!known.State.IsActive()) _closed?.Remove((known.UpdatedAt, known.Id));
    }
}
