using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Monitoring.Contracts;
using Monitoring.Contracts.Diagnostics;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Metrics;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Events;

/// <summary>
/// This gateway's single observer of live events. Fans each batch out to the local consumers
/// (Watch streams, later SSE), each behind its own bounded buffer.
/// </summary>
public sealed class EventHub(
    GatewayMetrics metrics, IndicatorGauges gauges, ClusterGauges clusterGauges, Ingest.DeclaredReportTally declared, SubjectRegistryCache registry, TimeProvider time, ILogger<EventHub> logger) : IMonitoringEventObserver
{
    public const int DefaultCapacity = 1_024;

    private readonly ConcurrentDictionary<long, Subscription> _subscriptions = new();
    private long _nextId;

    public int SubscriberCount => _subscriptions.Count;

    public Subscription Subscribe(Func<MonitoringEvent, bool> filter, int capacity = DefaultCapacity)
    {
        var subscription = new Subscription(this, Interlocked.Increment(ref _nextId), filter, capacity);
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    public Task OnEvents(IReadOnlyList<MonitoringEvent> events)
    {
        var now = time.GetUtcNow();
        // The span of this call when a traced notifier sent it (Orleans' server span): what the gateway did with it.
        if (Activity.Current is { IsAllDataRequested: true } span)
        {
            span.SetTag(MonitoringTracing.Tags.Events, events.Count);
            span.SetTag(MonitoringTracing.Tags.Subscribers, _subscriptions.Count);
        }
        foreach (var e in events)
        {
            if (e.TriggerReceivedAt is { } trigger) metrics.EventReceived(now - trigger);
            if (e.Indicators is { } indicators) gauges.Update(indicators);
            if (e.Disruption is { } disruption)
            {
                clusterGauges.Touch(disruption.Commodities);
                declared.Observe(disruption);
            }
            if (e.Incident is { } incident) clusterGauges.Touch(incident.Commodities);
            if (e.Type == MonitoringEventType.TopologyChanged && e.TopologyVersion != registry.Current.Version)
            {
                _ = RefreshRegistryAsync();
            }
            foreach (var subscription in _subscriptions.Values) subscription.Offer(e);
        }
        return Task.CompletedTask;
    }

    private async Task RefreshRegistryAsync()
    {
        try
        {
            await registry.RefreshAsync(force: false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "could not refresh the subject registry after a topology change");
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly EventHub _hub;
        private readonly Func<MonitoringEvent, bool> _filter;
        private readonly int _capacity;
        private readonly Channel<MonitoringEvent> _channel;

        internal Subscription(EventHub hub, long id, Func<MonitoringEvent, bool> filter, int capacity)
        {
            _hub = hub;
            Id = id;
            _filter = filter;
            _capacity = capacity;
            _channel = Channel.CreateBounded<MonitoringEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }

        public long Id { get; }

        public ChannelReader<MonitoringEvent> Reader => _channel.Reader;

        internal void Offer(MonitoringEvent e)
        {
            if (!_filter(e) || _channel.Writer.TryWrite(e)) return;
            if (_channel.Writer.TryComplete(new SlowConsumerException(_capacity))) _hub._subscriptions.TryRemove(Id, out _);
        }

        public void Dispose()
        {
            _channel.Writer.TryComplete();
            _hub._subscriptions.TryRemove(Id, out _);
        }
    }
}
