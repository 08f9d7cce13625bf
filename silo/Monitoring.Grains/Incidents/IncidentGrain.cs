using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Incidents;
using Monitoring.Grains.Persistence;
using Monitoring.Grains.Timers;
using Orleans.Concurrency;

namespace Monitoring.Grains.Incidents;

/// <summary>
/// The incidents rooted at one subject (<see cref="IncidentBook"/>): disruption changes come in from the subjects'
/// outboxes and are acknowledged once stored (group commit); changes go out once stored
/// (<see cref="IncidentPublisher"/>); the impact is recomputed by the incident's commodities shortly after its
/// members change. Reentrant, so many subjects' changes share a write; every change to memory is synchronous.
/// </summary>
[Reentrant]
public sealed class IncidentGrain : Grain, IIncidentGrain
{
    private static readonly TimeSpan AssessRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<IncidentBookState> _storage;
    private readonly IOptions<IncidentOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IncidentGrain> _logger;
    private readonly DelayedWrite _write;
    private readonly IncidentPublisher _publisher;
    private readonly OneShotTimer _assess;
    private readonly HashSet<string> _impactDue = new(StringComparer.Ordinal);
    private IncidentBook? _book;

    public IncidentGrain(
        [PersistentState("incidents", GrainStorage.Name)] IPersistentState<IncidentBookState> storage,
        IOptions<IncidentOptions> options,
        IGrainFactory grains,
        TimeProvider time,
        ILogger<IncidentGrain> logger)
    {
        _storage = storage;
        _options = options;
        _time = time;
        _logger = logger;
        _write = new DelayedWrite(this, storage.WriteStateAsync, time, () => options.Value.WriteDelay, logger, "incidents");
        _publisher = new IncidentPublisher(this, grains, time, logger, _write.WhenStored);
        _assess = new OneShotTimer(this, time, _ => AssessAsync());
    }

    private IncidentBook Book => _book ??= new IncidentBook(_storage.State, this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The indexes may hold an older copy (a crash between this grain's write and their upsert): put them right,
        // and assess the active incidents again against today's network.
        _publisher.Add(Book.Incidents.Select(i => new IncidentChange(MonitoringEventType.IncidentUpdated, i)), announce: false);
        ImpactDue(Book.Incidents);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _write.FlushAsync(cancellationToken);
        // Unless the last write failed (nothing may go out that is not stored), the indexes hear of what is left.
        if (!_write.HasChanges) await _publisher.DrainAsync();
    }

    public Task Track(IReadOnlyList<Disruption> disruptions) => Apply(disruptions, restore: false);

    public Task Restore(IReadOnlyList<Disruption> disruptions) => Apply(disruptions, restore: true);

    public Task<Incident?> Get(string incidentId) => Task.FromResult(Book.Find(incidentId));

    public async Task<IncidentActionResult> Acknowledge(string incidentId, string actor, string note)
    {
        var (result, actOn) = Book.Acknowledge(incidentId, actor, note, _time.GetUtcNow());
        if (result.Outcome != DisruptionActionOutcome.Done) return result;
        await StoreAndPublish();
        await ActOnMembers(actOn, incidentId, (node, id) => node.Acknowledge(id, actor, $"{incidentId}: {note}"),
            (lane, id) => lane.Acknowledge(id, actor, $"{incidentId}: {note}"));
        return result with { Incident = Book.Find(incidentId) };
    }

    public Task<IncidentActionResult> Assign(string incidentId, string owner, string actor) => Simple(Book.Assign(incidentId, owner, actor, _time.GetUtcNow()));

    public Task<IncidentActionResult> AddNote(string incidentId, string actor, string text) => Simple(Book.Note(incidentId, actor, text, _time.GetUtcNow()));

    public async Task<IncidentActionResult> Resolve(string incidentId, string actor, string note)
    {
        var (result, actOn) = Book.Resolve(incidentId, actor, note, _time.GetUtcNow());
        if (result.Incident is { State: IncidentState.Resolved } resolved && result.Outcome == DisruptionActionOutcome.NotAllowed)
        {
            // A retry (an earlier call may have failed after resolving it): its members not yet resolved still follow.
            await ActOnMembers(resolved.Members.Where(m => m.State != DisruptionState.Resolved).ToList(), incidentId,
                (node, id) => node.Resolve(id, actor, $"{incidentId}: {note}"), (lane, id) => lane.Resolve(id, actor, $"{incidentId}: {note}"));
            return result;
        }
        if (result.Outcome != DisruptionActionOutcome.Done) return result;
        await StoreAndPublish();
        await ActOnMembers(actOn, incidentId, (node, id) => node.Resolve(id, actor, $"{incidentId}: {note}"),
            (lane, id) => lane.Resolve(id, actor, $"{incidentId}: {note}"));
        return result with { Incident = Book.Find(incidentId) };
    }

    private async Task<IncidentActionResult> Simple(IncidentActionResult result)
    {
        if (result.Outcome == DisruptionActionOutcome.Done) await StoreAndPublish();
        return result;
    }

    private Task Apply(IReadOnlyList<Disruption> disruptions, bool restore)
    {
        var now = _time.GetUtcNow();
        var changed = false;
        foreach (var d in disruptions) changed |= Book.Track(d, now, restore);
        // A retry of changes held already is acknowledged once they are stored (after a failed write, by a new one).
        if (!changed) return _write.WhenStored();
        var changes = Book.TakeChanges();
        ImpactDue(changes.Select(c => c.Incident));
        return Store(changes);
    }

    private Task StoreAndPublish() => Store(Book.TakeChanges());

    /// <summary>Writes the book and publishes the changes once stored; completes once stored.</summary>
    private Task Store(IReadOnlyList<IncidentChange> changes)
    {
        foreach (var opened in changes.Where(c => c.Type == MonitoringEventType.IncidentOpened)) SiloMetrics.CountIncidentOpened(opened.Incident);
        var stored = _write.Next();
        _publisher.Add(changes);
        return stored;
    }

    private void ImpactDue(IEnumerable<Incident> incidents)
    {
        foreach (var incident in incidents.Where(i => i.State.IsActive())) _impactDue.Add(incident.Id);
        if (_impactDue.Count > 0 && _assess.DueAt is null) _assess.ArmIn(_options.Value.ImpactDelay);
    }

    /// <summary>Recomputes the impact of the incidents whose members changed, with their commodities' networks.</summary>
    private async Task AssessAsync()
    {
        var due = _impactDue.ToList();
        _impactDue.Clear();
        var changed = false;
        foreach (var id in due)
        {
            if (Book.Find(id) is not { } incident || !incident.State.IsActive()) continue;
            try
            {
                var now = _time.GetUtcNow();
                var assessments = await Task.WhenAll(IncidentImpacts.ScopesByCommodity(incident, now)
                    .Select(p => GrainFactory.GetGrain<ICommodityGrain>(p.Commodity).AssessOutage(p.Scope)));
                // The incident as it is after the wait: one that closed meanwhile keeps no impact (SetImpact refuses it).
                changed |= Book.SetImpact(id, IncidentImpacts.Combine(assessments, IncidentImpacts.Scope(incident, now), now));
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "assessing the impact of {Incident} failed; retrying", id);
                _impactDue.Add(id);
            }
        }
        if (_impactDue.Count > 0) _assess.ArmIn(AssessRetryDelay);
        if (!changed) return;
        try
        {
            await StoreAndPublish();
        }
        catch (Exception e)
        {
            // The new figures stay in memory for the next write.
            _logger.LogWarning(e, "storing the impact of {Count} incidents failed", due.Count);
        }
    }

    /// <summary>
    /// An action on the incident acts on its members at their subjects. A member that meanwhile changed state (it
    /// cleared, another operator resolved it) is left as it is; the incident's own state already changed.
    /// </summary>
    private async Task ActOnMembers(
        IReadOnlyList<IncidentMember> members,
        string incidentId,
        Func<ISupplyNodeGrain, string, Task<DisruptionActionResult>> onNode,
        Func<IShipmentLaneGrain, string, Task<DisruptionActionResult>> onLane)
    {
        var results = await Task.WhenAll(members.Select(async m =>
        {
            try
            {
                return m.SubjectType == SubjectType.Lane
                    ? await onLane(GrainFactory.GetGrain<IShipmentLaneGrain>(m.SubjectId), m.DisruptionId)
                    : await onNode(GrainFactory.GetGrain<ISupplyNodeGrain>(m.SubjectId), m.DisruptionId);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Incident}: acting on member {Disruption} failed", incidentId, m.DisruptionId);
                return null;
            }
        }));
        var skipped = results.Count(r => r?.Outcome != DisruptionActionOutcome.Done);
        if (skipped > 0) _logger.LogInformation("{Incident}: {Count} members were not in a state to follow the action", incidentId, skipped);
    }
}
