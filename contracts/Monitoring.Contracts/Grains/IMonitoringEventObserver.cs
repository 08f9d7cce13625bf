namespace Monitoring.Contracts.Grains;

/// <summary>Receives live events on a gateway (one observer per gateway process).</summary>
[Alias("monitoring.IMonitoringEventObserver")]
public interface IMonitoringEventObserver : IGrainObserver
{
    [Alias("OnEvents"), OneWay]
    Task OnEvents(IReadOnlyList<MonitoringEvent> events);
}
