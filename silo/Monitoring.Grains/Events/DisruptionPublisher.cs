using Monitoring.Contracts.Grains;

namespace Monitoring.Grains.Events;

/// <summary>Where a subject's disruption changes go: the commodity indexes, then live events.</summary>
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
        await Task.WhenAll(latest.Values.SelectMany(d => d.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).Upsert(d))));

        var notifier = grains.GetGrain<IEventNotifierGrain>(0);
        foreach (var e in events) await notifier.Publish(e);
    }

    /// <summary>
    /// Puts a subject's disruptions, as it holds them now, into their commodities' indexes, replacing what
    /// the indexes hold (a version published before a write that then failed is taken back).
    /// </summary>
    public static Task RestoreAsync(IGrainFactory grains, IEnumerable<Disruption> disruptions) =>
        Task.WhenAll(disruptions.SelectMany(d => d.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).Restore(d))));
}
