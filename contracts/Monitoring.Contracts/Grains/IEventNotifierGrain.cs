namespace Monitoring.Contracts.Grains;

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
