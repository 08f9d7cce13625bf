using Microsoft.Extensions.Logging;
using Monitoring.Contracts.Grains;
using Monitoring.Domain.Incidents;
using Monitoring.Grains.Timers;

namespace Monitoring.Grains.Incidents;

/// <summary>
/// Sends an incident grain's changes, once stored, to the commodity indexes and the live streams: one publisher at a
/// time, so an incident's events keep their order; a change not yet sent is merged with a newer one of the same
/// incident (the newest version goes, with the most telling event type). After a failure it tries again shortly.
/// </summary>
public sealed class IncidentPublisher(IGrainBase grain, IGrainFactory grains, TimeProvider time, ILogger logger, Func<Task> whenStored)
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, (IncidentChange Change, bool Announce)> _pending = new(StringComparer.Ordinal);

    /// <summary>The commodities each incident was last indexed under: one it no longer touches is told to drop it.</summary>
    private readonly Dictionary<string, IReadOnlyList<string>> _indexedUnder = new(StringComparer.Ordinal);

    private OneShotTimer? _retry;
    private bool _running;

    /// <summary>Changes to send once stored; <paramref name="announce"/> false puts them in the indexes only (after an activation).</summary>
    public void Add(IEnumerable<IncidentChange> changes, bool announce = true)
    {
        foreach (var change in changes)
        {
            _pending[change.Incident.Id] = _pending.TryGetValue(change.Incident.Id, out var earlier)
                ? (new IncidentChange(Merged(earlier.Change.Type, change), change.Incident), earlier.Announce || announce)
                : (change, announce);
        }
        if (!_running && _pending.Count > 0) _ = RunAsync();
    }

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            while (_pending.Count > 0)
            {
                await whenStored();
                var batch = _pending.Values.ToList();
                _pending.Clear();
                try
                {
                    await SendAsync(batch);
                }
                catch
                {
                    // Put back what failed unless a newer change of the same incident came meanwhile.
                    foreach (var item in batch) _pending.TryAdd(item.Change.Incident.Id, item);
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
        finally
        {
            _running = false;
        }
    }

    private async Task SendAsync(IReadOnlyList<(IncidentChange Change, bool Announce)> batch)
    {
        var notifier = grains.GetGrain<IEventNotifierGrain>(0);
        var now = time.GetUtcNow();
        foreach (var (change, announce) in batch.Where(b => b.Announce)) await notifier.Publish(change.ToEvent(now));
        await Task.WhenAll(batch.SelectMany(b =>
        {
            var incident = b.Change.Incident;
            var under = _indexedUnder.GetValueOrDefault(incident.Id, []).Union(incident.Commodities, StringComparer.Ordinal);
            return under.Select(c => grains.GetGrain<IIncidentIndexGrain>(c).Upsert(incident.WithoutTimeline()));
        }));
        foreach (var (change, _) in batch) _indexedUnder[change.Incident.Id] = change.Incident.Commodities;
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
