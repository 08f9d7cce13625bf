using Microsoft.Extensions.Logging;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Incidents;
using Monitoring.Grains.Timers;

namespace Monitoring.Grains.Incidents;

/// <summary>
/// Sends an incident grain's changes, once stored, to the commodity indexes and the live streams: one publisher at a
/// time, so an incident's events keep their order; a change not yet sent is merged with a newer one of the same
/// incident (the newest version goes, with the most telling event type). After a failure it tries again shortly;
/// on deactivation it sends what is left. A silo that dies with changes unsent leaves the indexes behind until the
/// grain activates again (any member's subject activating restores it: docs/incidents.md).
/// </summary>
public sealed class IncidentPublisher(IGrainBase grain, IGrainFactory grains, TimeProvider time, ILogger logger, Func<Task> whenStored)
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, (IncidentChange Change, bool Announce)> _pending = new(StringComparer.Ordinal);

    private OneShotTimer? _retry;
    private Task _running = Task.CompletedTask;

    /// <summary>Changes to send once stored; <paramref name="announce"/> false puts them in the indexes only (after an activation).</summary>
    public void Add(IEnumerable<IncidentChange> changes, bool announce = true)
    {
        foreach (var change in changes) Merge(change, announce);
        if (_running.IsCompleted && _pending.Count > 0) _running = RunAsync();
    }

    /// <summary>Sends what is pending now (on deactivation); a failure is logged and the changes are left to the next activation.</summary>
    public async Task DrainAsync()
    {
        await _running;
        if (_pending.Count > 0) await RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            while (_pending.Count > 0)
            {
                // Exactly what is pending now, once the write that stores it is done: changes made meanwhile wait for theirs.
                var batch = _pending.Values.ToList();
                _pending.Clear();
                try
                {
                    await whenStored();
                    await SendAsync(batch);
                }
                catch
                {
                    foreach (var (change, announce) in batch) Merge(change, announce, older: true);
                    throw;
                }
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "publishing {Count} incident changes failed; retrying", _pending.Count);
            _retry ??= new OneShotTimer(grain, time, _ => { Add([]); return Task.CompletedTask; });
            _retry.ArmIn(RetryDelay);
        }
    }

    /// <summary>Adds a change to the pending ones, merged with one of the same incident (<paramref name="older"/>: the pending one is newer).</summary>
    private void Merge(IncidentChange change, bool announce, bool older = false)
    {
        var id = change.Incident.Id;
        if (!_pending.TryGetValue(id, out var known))
        {
            _pending[id] = (change, announce);
            return;
        }
        var (earlier, later) = older ? (change, known.Change) : (known.Change, change);
        _pending[id] = (new IncidentChange(Merged(earlier.Type, later), later.Incident), known.Announce || announce);
    }

    private async Task SendAsync(IReadOnlyList<(IncidentChange Change, bool Announce)> batch)
    {
        var notifier = grains.GetGrain<IEventNotifierGrain>(0);
        var now = time.GetUtcNow();
        foreach (var (change, announce) in batch.Where(b => b.Announce)) await notifier.Publish(change.ToEvent(now));
        // An incident's commodities never shrink, so each index that listed it hears of it to the end.
        await Task.WhenAll(batch.SelectMany(b => b.Change.Incident.Commodities.Select(c => grains.GetGrain<IIncidentIndexGrain>(c).Upsert(b.Change.Incident.Brief()))));
    }

    /// <summary>Opened, cleared or resolved tells more than updated; a lifecycle step the incident since undid does not hold.</summary>
    private static MonitoringEventType Merged(MonitoringEventType earlier, IncidentChange later)
    {
        static int Weight(MonitoringEventType t) => t switch
        {
            MonitoringEventType.IncidentResolved => 3,
            MonitoringEventType.IncidentCleared => 2,
            MonitoringEventType.IncidentOpened => 1,
            _ => 0,
        };
        var type = Weight(earlier) > Weight(later.Type) ? earlier : later.Type;
        return type == MonitoringEventType.IncidentCleared && later.Incident.State != IncidentState.Cleared
            ? earlier == MonitoringEventType.IncidentOpened ? MonitoringEventType.IncidentOpened : MonitoringEventType.IncidentUpdated
            : type;
    }
}
