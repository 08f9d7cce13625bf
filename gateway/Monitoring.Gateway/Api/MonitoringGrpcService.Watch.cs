using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Gateway.Events;

namespace Monitoring.Gateway.Api;

/// <summary>MonitoringService.Watch: live events, filtered, until the client leaves or falls too far behind.</summary>
public sealed partial class MonitoringGrpcService
{
    public override async Task Watch(WatchRequest request, IServerStreamWriter<MonitoringEvent> responseStream, ServerCallContext context)
    {
        CheckDefined(request.MinSeverity, "min_severity");
        var filter = EventFilter.From(request.Commodities, request.SubjectIds,
            request.MinSeverity == Severity.Unspecified ? null : (Contracts.Severity)request.MinSeverity);

        using var lease = subscriberLimits.TryAcquire(SubscriberLimits.CallerOf(context.GetHttpContext()), out var refusal);
        if (lease is null) throw GrpcErrors.ResourceExhausted(refusal, TimeSpan.FromSeconds(30));
        using var subscription = hub.Subscribe(filter.Wants);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        // Headers tell the client the subscription is live: every event after this point reaches it.
        await context.WriteResponseHeadersAsync([]);
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(watching.Token))
            {
                await responseStream.WriteAsync(EventFormats.Message(e), watching.Token);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the gateway is shutting down; reconnect to continue watching"));
        }
        catch (SlowConsumerException e)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
    }
}
