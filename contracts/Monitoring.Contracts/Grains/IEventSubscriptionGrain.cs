namespace Monitoring.Contracts.Grains;

/// <summary>Which gateways want events. Key: "default". Gateways re-register on a loop; stale ones expire.</summary>
[Alias("monitoring.IEventSubscriptionGrain")]
public interface IEventSubscriptionGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    [Alias("Subscribe")]
    Task Subscribe(string gatewayId, IMonitoringEventObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(string gatewayId);

    [Alias("GetObservers"), ReadOnly]
    Task<IReadOnlyList<IMonitoringEventObserver>> GetObservers();
}
