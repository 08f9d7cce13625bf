using Monitoring.Contracts.Grains;

namespace Monitoring.Grains.Events;

/// <summary>Where disruption changes go once a subject has stored them: the commodity indexes, then live events.</summary>
public static class DisruptionPublisher
{
    public static async Task PublishAsync(IGrainFactory grains, IReadOnlyList<MonitoringEvent> events)
    {
        if (events.Count == 0) return;

        // The index wants the newest version of each changed disruption, once per commodity.
        var latest = new Dictionary<string, Disruption>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Disruption is { } d) latest[d.Id] = d;
        }
        var upserts = new List<Task>();
        foreach (var d in latest.Values)
        {
            foreach (var commodity in d.Commodities) upserts.Add(grains.GetGrain<IDisruptionIndexGrain>(commodity).Upsert(d));
        }
        await Task.WhenAll(upserts);

        var notifier = grains.GetGrain<IEventNotifierGrain>(0);
        foreach (var e in events) await notifier.Publish(e);
    }
}
