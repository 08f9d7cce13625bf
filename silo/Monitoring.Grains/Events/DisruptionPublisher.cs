using Monitoring.Contracts.Grains;
using Monitoring.Domain.Incidents;

namespace Monitoring.Grains.Events;

/// <summary>
/// Where a subject's disruption changes go: the commodity indexes, the incidents of their root causes and, at the
/// same time, live events.
/// </summary>
public static class DisruptionPublisher
{
    /// <param name="alreadyLive">How many of <paramref name="events"/> (from the first) reached the live streams in an earlier attempt whose index upserts failed: not sent again.</param>
    /// <param name="sentLive">Called as each event reaches the silo's notifier, with how many (from the first) have.</param>
    public static async Task PublishAsync(IGrainFactory grains, IReadOnlyList<MonitoringEvent> events, int alreadyLive = 0, Action<int>? sentLive = null)
    {
        if (events.Count == 0) return;

        // The index wants the newest version of each changed disruption, once per commodity.
        var latest = new Dictionary<string, Disruption>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Disruption is { } d) latest[d.Id] = d;
        }
        var indexed = Task.WhenAll(latest.Values.SelectMany(d => d.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).Upsert(d))));
        var incidents = Task.WhenAll(ByIncidentGrain(latest.Values).Select(g => grains.GetGrain<IIncidentGrain>(g.Key).Track(g.Value)));

        // Live events do not wait for the indexes' group-committed write (up to DisruptionIndex:WriteDelay):
        // operators see a detection at once. Both must go through before the outbox lets go of the events.
        var notified = NotifyAsync(grains.GetGrain<IEventNotifierGrain>(0), events, alreadyLive, sentLive);
        await Task.WhenAll(indexed, incidents, notified);
    }

    /// <summary>In order: a subject's events reach the silo's notifier as they happened.</summary>
    private static async Task NotifyAsync(IEventNotifierGrain notifier, IReadOnlyList<MonitoringEvent> events, int from, Action<int>? sent)
    {
        for (var i = from; i < events.Count; i++)
        {
            await notifier.Publish(events[i]);
            sent?.Invoke(i + 1);
        }
    }

    /// <summary>
    /// Puts a subject's disruptions, as it holds them now, into their commodities' indexes, replacing what
    /// the indexes hold (a version published before a write that then failed is taken back).
    /// </summary>
    public static Task RestoreAsync(IGrainFactory grains, IReadOnlyList<Disruption> disruptions) =>
        Task.WhenAll(
            Task.WhenAll(disruptions.SelectMany(d => d.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).Restore(d)))),
            Task.WhenAll(ByIncidentGrain(disruptions).Select(g => grains.GetGrain<IIncidentGrain>(g.Key).Restore(g.Value))));

    /// <summary>The disruptions each incident grain hears of (<see cref="IncidentRouting"/>).</summary>
    private static Dictionary<string, IReadOnlyList<Disruption>> ByIncidentGrain(IEnumerable<Disruption> disruptions) =>
        disruptions.SelectMany(d => IncidentRouting.BooksOf(d).Select(subject => (Subject: subject, Disruption: d)))
            .GroupBy(p => p.Subject, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Disruption>)g.Select(p => p.Disruption).ToList(), StringComparer.Ordinal);
}
