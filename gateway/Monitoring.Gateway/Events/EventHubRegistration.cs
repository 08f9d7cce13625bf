using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitoring.Contracts.Grains;

namespace Monitoring.Gateway.Events;

/// <summary>
/// Registers this gateway's <see cref="EventHub"/> with the cluster and renews the registration on a
/// loop (registrations expire, so a gateway that died stops receiving). Ready once registered.
/// </summary>
public sealed class EventHubRegistration(IGrainFactory grains, EventHub hub, TimeProvider time, ILogger<EventHubRegistration> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly string _gatewayId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private IMonitoringEventObserver? _reference;
    private DateTimeOffset? _registeredAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IMonitoringEventObserver>(hub);
        var subscriptions = grains.GetGrain<IEventSubscriptionGrain>(IEventSubscriptionGrain.DefaultKey);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = RenewInterval;
            try
            {
                await subscriptions.Subscribe(_gatewayId, _reference);
                if (_registeredAt is null) logger.LogInformation("live events: gateway {Gateway} registered", _gatewayId);
                _registeredAt = time.GetUtcNow();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("live events: registration failed ({Error}); retrying", e.Message);
                delay = RetryInterval;
            }
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is null) return;
        try
        {
            await grains.GetGrain<IEventSubscriptionGrain>(IEventSubscriptionGrain.DefaultKey).Unsubscribe(_gatewayId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            grains.DeleteObjectReference<IMonitoringEventObserver>(_reference);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "live events: could not unregister on shutdown (the registration expires by itself)");
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_registeredAt is { } at && time.GetUtcNow() - at < 3 * RenewInterval
            ? HealthCheckResult.Healthy("registered for live events")
            : HealthCheckResult.Unhealthy("not registered for live events yet"));
}
