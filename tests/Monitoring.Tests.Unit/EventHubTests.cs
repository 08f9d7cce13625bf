using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.Contracts;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Metrics;
using Monitoring.Gateway.Topology;

namespace Monitoring.Tests.Unit;

/// <summary>The gateway's fan-out to Watch and event-stream consumers: a consumer that stops reading is cut off, not buffered without bound.</summary>
public sealed class EventHubTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private EventHub Hub()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        var registry = new SubjectRegistryCache(null!, TimeProvider.System);
        var feeds = new FeedActivityRecorder(null!, NullLogger<FeedActivityRecorder>.Instance);
        return new EventHub(
            new GatewayMetrics(meters),
            new IndicatorGauges(meters, null!, registry, Options.Create(new MetricsOptions()), NullLogger<IndicatorGauges>.Instance),
            new ClusterGauges(meters, null!, registry, feeds, Options.Create(new MetricsOptions()), TimeProvider.System, NullLogger<ClusterGauges>.Instance),
            new DeclaredReportTally(null!, registry, TimeProvider.System, NullLogger<DeclaredReportTally>.Instance),
            registry,
            TimeProvider.System,
            NullLogger<EventHub>.Instance);
    }

    private static MonitoringEvent Event(int i) => new(MonitoringEventType.DisruptionUpdated, DateTimeOffset.UnixEpoch.AddSeconds(i), null, 0, null);

    [Fact]
    public async Task A_consumer_that_falls_more_than_its_capacity_behind_is_disconnected_while_a_reading_one_goes_on()
    {
        var hub = Hub();
        using var stalled = hub.Subscribe(_ => true, capacity: 4);
        using var reading = hub.Subscribe(_ => true, capacity: 4);
        var received = new List<MonitoringEvent>();

        for (var i = 0; i < 10; i++)
        {
            await hub.OnEvents([Event(i)]);
            while (reading.Reader.TryRead(out var e)) received.Add(e);
        }

        // The stalled consumer holds at most its capacity, then ends with the reason.
        var buffered = new List<MonitoringEvent>();
        var failure = await Assert.ThrowsAsync<SlowConsumerException>(async () =>
        {
            await foreach (var e in stalled.Reader.ReadAllAsync()) buffered.Add(e);
        });
        Assert.Equal(4, buffered.Count);
        Assert.Contains("fell more than 4 events behind", failure.Message);
        Assert.Equal(10, received.Count);
        Assert.Equal(1, hub.SubscriberCount);
    }

    public void Dispose() => _services.Dispose();
}
