namespace Monitoring.Contracts.Grains;

/// <summary>Receives live events on a gateway (one observer per gateway process).</summary>
[Alias("monitoring.IMonitoringEventObserver")]
public interface IMonitoringEventObserver : IGrainObserver
{
    [Alias("OnEvents"), OneWay]
    Task OnEvents(IReadOnlyList<MonitoringEvent> events);
}

/// <summary>
/// Batches events for a few milliseconds and fans them out to every gateway's observer.
/// A stateless worker with one activation per silo, so one subject's events keep their order.
/// </summary>
[Alias("monitoring.IEventNotifierGrain")]
public interface IEventNotifierGrain : IGrainWithIntegerKey
{
    [Alias("Publish"), OneWay]
    Task Publish(MonitoringEvent monitoringEvent);
}

/// <summary>Which gateways want events. Key: "default". Gateways re-register on a loop; stale ones expire.</summary>
[Alias("monitoring.IEventSubscriptionGrain")]
public interface IEventSubscriptionGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    [Alias("Subscribe")]
    Task Subscribe(string gatewayId, IMonitoringEventObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(string gatewayId);

    [Alias("GetObservers"), ReadOnly]
    Task<IReadOnlyList<IMonitoringEventObserver>> GetObservers();
}
