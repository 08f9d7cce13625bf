using Monitoring.Contracts.Grains;
using Monitoring.Grains.Persistence;

namespace Monitoring.Grains.Events;

/// <summary>The gateways that want live events. A gateway that stops re-registering expires.</summary>
public sealed class EventSubscriptionGrain(
    [PersistentState("subscriptions", GrainStorage.Name)] IPersistentState<EventSubscriptionState> storage,
    TimeProvider time)
    : Grain, IEventSubscriptionGrain
{
    /// <summary>Gateways re-register every 30 s; one missing for this long is gone.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Stored times say when gateways last registered with the previous activation; give each a
        // full expiry period to renew with this one instead of dropping them all at once.
        var now = time.GetUtcNow();
        foreach (var subscription in storage.State.ByGateway.Values) subscription.LastSeen = now;
        return Task.CompletedTask;
    }

    public async Task Subscribe(string gatewayId, IMonitoringEventObserver observer)
    {
        var isNew = !storage.State.ByGateway.TryGetValue(gatewayId, out var known) || !known.Observer.Equals(observer);
        storage.State.ByGateway[gatewayId] = new EventSubscription { Observer = observer, LastSeen = time.GetUtcNow() };
        if (isNew | Expire()) await storage.WriteStateAsync();
    }

    public async Task Unsubscribe(string gatewayId)
    {
        if (storage.State.ByGateway.Remove(gatewayId)) await storage.WriteStateAsync();
    }

    public Task<IReadOnlyList<IMonitoringEventObserver>> GetObservers()
    {
        var cutoff = time.GetUtcNow() - Expiry;
        IReadOnlyList<IMonitoringEventObserver> observers = storage.State.ByGateway.Values
            .Where(s => s.LastSeen >= cutoff)
            .Select(s => s.Observer)
            .ToList();
        return Task.FromResult(observers);
    }

    private bool Expire()
    {
        var cutoff = time.GetUtcNow() - Expiry;
        var stale = storage.State.ByGateway.Where(kv => kv.Value.LastSeen < cutoff).Select(kv => kv.Key).ToList();
        foreach (var id in stale) storage.State.ByGateway.Remove(id);
        return stale.Count > 0;
    }
}
