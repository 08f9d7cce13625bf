namespace Monitoring.Grains.Events;

[GenerateSerializer, Alias("monitoring.EventSubscriptionState")]
public sealed class EventSubscriptionState
{
    [Id(0)] public Dictionary<string, EventSubscription> ByGateway { get; set; } = new(StringComparer.Ordinal);
}
