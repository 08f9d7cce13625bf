using Monitoring.Contracts.Grains;

namespace Monitoring.Grains.Events;

[GenerateSerializer, Alias("monitoring.EventSubscription")]
public sealed class EventSubscription
{
    [Id(0)] public IMonitoringEventObserver Observer { get; set; } = default!;
    [Id(1)] public DateTimeOffset LastSeen { get; set; }
}
