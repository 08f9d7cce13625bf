using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Monitoring.Contracts.Diagnostics;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Timers;
using Orleans.Concurrency;

namespace Monitoring.Grains.Events;

/// <summary>
/// Sends each gateway the events in batches, at most one batch per few milliseconds: live fan-out costs one
/// message per gateway per window, not one per event per browser. An event after a quiet spell goes out at
/// once; events meanwhile wait for the window to end. One activation per silo keeps the events of a subject
/// (which lives on one silo) in order.
/// </summary>
[StatelessWorker(1)]
public sealed class EventNotifierGrain : Grain, IEventNotifierGrain
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ObserverRefresh = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Events held while the subscription registry is unreachable, at most.</summary>
    private const int MaxPending = 100_000;

    private readonly TimeProvider _time;
    private readonly ILogger<EventNotifierGrain> _logger;
    private readonly OneShotTimer _flush;
    private readonly List<MonitoringEvent> _pending = [];

    /// <summary>The traced calls that published the pending events (only while tracing samples them).</summary>
    private readonly List<ActivityLink> _tracedBy = [];
    private IReadOnlyList<IMonitoringEventObserver> _observers = [];
    private DateTimeOffset _observersFetchedAt = DateTimeOffset.MinValue;

    public EventNotifierGrain(TimeProvider time, ILogger<EventNotifierGrain> logger)
    {
        _time = time;
        _logger = logger;
        _flush = new OneShotTimer(this, time, FlushAsync);
    }

    public Task Publish(MonitoringEvent monitoringEvent)
    {
        _pending.Add(monitoringEvent);
        if (Activity.Current is { Recorded: true } traced) _tracedBy.Add(new ActivityLink(traced.Context));
        if (_pending.Count == 1) _flush.ArmSpaced(FlushDelay);
        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;

        // A gateway that just started is seen within ObserverRefresh; with none known, ask every time.
        var now = _time.GetUtcNow();
        if (_observers.Count == 0 || now - _observersFetchedAt > ObserverRefresh)
        {
            try
            {
                _observers = await GrainFactory.GetGrain<IEventSubscriptionGrain>(IEventSubscriptionGrain.DefaultKey).GetObservers();
                _observersFetchedAt = now;
            }
            catch (Exception e) when (_pending.Count < MaxPending)
            {
                // Keep the events (in order) and try again shortly.
                _logger.LogWarning(e, "could not read the gateways' subscriptions; retrying");
                _flush.ArmIn(RetryDelay);
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "could not read the gateways' subscriptions; dropping {Count} live events", _pending.Count);
            }
        }
        var batch = _pending.ToList();
        _pending.Clear();
        using var span = StartSpan(batch.Count);
        foreach (var observer in _observers)
        {
            // One-way: a slow or dead gateway cannot hold up the others.
            _ = observer.OnEvents(batch);
        }
    }

    /// <summary>A span linked to every traced batch whose events go out now, if any was; Orleans carries it to the gateways.</summary>
    private Activity? StartSpan(int events)
    {
        if (_tracedBy.Count == 0) return null;
        var links = _tracedBy.ToList();
        _tracedBy.Clear();
        // Not a child of the timer's or the last caller's context: this flush serves many traces.
        Activity.Current = null;
        var span = MonitoringTracing.Source.StartActivity(MonitoringTracing.NotifyGateways, ActivityKind.Producer, default(ActivityContext), links: links);
        span?.SetTag(MonitoringTracing.Tags.Events, events);
        span?.SetTag(MonitoringTracing.Tags.Gateways, _observers.Count);
        return span;
    }
}
