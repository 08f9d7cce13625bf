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
        await ReindexAsync(grains, latest.Values);

        var notifier = grains.GetGrain<IEventNotifierGrain>(0);
        foreach (var e in events) await notifier.Publish(e);
    }

    /// <summary>Puts disruptions into their commodities' indexes (idempotent: an index keeps the highest version).</summary>
    public static Task ReindexAsync(IGrainFactory grains, IEnumerable<Disruption> disruptions) =>
        Task.WhenAll(disruptions.SelectMany(d => d.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).Upsert(d))));
}
