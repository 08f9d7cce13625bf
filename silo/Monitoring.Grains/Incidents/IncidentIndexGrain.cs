using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Persistence;
using Orleans.Concurrency;

namespace Monitoring.Grains.Incidents;

/// <summary>
/// Active and recent incidents touching one commodity, for listing and the monitoring_incidents_open gauge.
/// Upserts are group-committed (<see cref="DelayedWrite{TState}"/>); incident grains put their incidents back when
/// they activate, so an index restored from an older copy catches up.
/// </summary>
[Reentrant]
public sealed class IncidentIndexGrain : Grain, IIncidentIndexGrain
{
    private readonly IPersistentState<IncidentIndexState> _storage;
    private readonly IOptions<IncidentOptions> _options;
    private readonly DelayedWrite _write;

    public IncidentIndexGrain(
        [PersistentState("incidents", GrainStorage.Name)] IPersistentState<IncidentIndexState> storage,
        IOptions<IncidentOptions> options,
        TimeProvider time,
        ILogger<IncidentIndexGrain> logger)
    {
        _storage = storage;
        _options = options;
        _write = new DelayedWrite(this, storage.WriteStateAsync, time, () => options.Value.WriteDelay, logger, "the incident index");
    }

    private Dictionary<string, Incident> ById => _storage.State.ById;

    public Task Upsert(Incident incident)
    {
        if (ById.TryGetValue(incident.Id, out var known) && known.Version >= incident.Version) return _write.WhenStored();
        // An incident whose members no longer touch this commodity leaves its list.
        if (!incident.Commodities.Contains(this.GetPrimaryKeyString()))
        {
            return ById.Remove(incident.Id) ? _write.Next() : _write.WhenStored();
        }
        ById[incident.Id] = incident;
        Trim();
        return _write.Next();
    }

    public Task<Incident?> Get(string incidentId) => Task.FromResult(ById.GetValueOrDefault(incidentId));

    public Task<IReadOnlyList<Incident>> List(IncidentQuery query)
    {
        IReadOnlyList<Incident> result = IncidentOrder.Sort(ById.Values.Where(query.Matches)).Take(Math.Max(0, query.Limit)).ToList();
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<IncidentTally>> Tally()
    {
        IReadOnlyList<IncidentTally> result = ById.Values
            .Where(i => i.State.IsActive())
            .GroupBy(i => i.Severity)
            .Select(g => new IncidentTally(g.Key, g.Count()))
            .ToList();
        return Task.FromResult(result);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);

    /// <summary>The oldest closed incidents go first; active ones are always kept.</summary>
    private void Trim()
    {
        var excess = ById.Count - _options.Value.MaxRetained;
        if (excess <= 0) return;
        foreach (var old in ById.Values.Where(i => !i.State.IsActive()).OrderBy(i => i.UpdatedAt).Take(excess).ToList())
        {
            ById.Remove(old.Id);
        }
    }
}
