using System.Collections.Concurrent;
using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

/// <summary>
/// A test gateway: an observer registered with the subscription registry that records the events it
/// receives. The notifiers refresh their list of gateways every couple of seconds, so
/// <see cref="SubscribeAsync"/> returns only once a marker event has come through.
/// </summary>
public sealed class EventRecorder : IMonitoringEventObserver, IAsyncDisposable
{
    private const long MarkerVersion = -42;

    private readonly IClusterClient _client;
    private readonly string _name;

    private EventRecorder(IClusterClient client, string name)
    {
        _client = client;
        _name = name;
    }

    private volatile bool _markerSeen;

    public ConcurrentQueue<MonitoringEvent> Received { get; } = new();

    public Task OnEvents(IReadOnlyList<MonitoringEvent> events)
    {
        foreach (var e in events)
        {
            if (e.TopologyVersion != MarkerVersion) Received.Enqueue(e);
            else _markerSeen = true;
        }
        return Task.CompletedTask;
    }

    public static async Task<EventRecorder> SubscribeAsync(IClusterClient client, string name)
    {
        var recorder = new EventRecorder(client, name);
        await client.GetGrain<IEventSubscriptionGrain>(IEventSubscriptionGrain.DefaultKey).Subscribe(name, client.CreateObjectReference<IMonitoringEventObserver>(recorder));
        var notifier = client.GetGrain<IEventNotifierGrain>(0);
        await Poll.UntilAsync(async () =>
        {
            if (recorder._markerSeen) return true;
            await notifier.Publish(new MonitoringEvent(MonitoringEventType.TopologyChanged, DateTimeOffset.UtcNow, null, MarkerVersion, null));
            return false;
        }, TimeSpan.FromSeconds(10), $"the notifier to know {name}");
        return recorder;
    }

    public async ValueTask DisposeAsync() =>
        await _client.GetGrain<IEventSubscriptionGrain>(IEventSubscriptionGrain.DefaultKey).Unsubscribe(_name);
}
