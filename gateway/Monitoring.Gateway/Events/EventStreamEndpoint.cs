using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Monitoring.Gateway.Events;

/// <summary>
/// GET /api/v1/events: live events for browsers as Server-Sent Events, the same as Watch. Each event
/// is "event: disruption_opened" (…_updated, _acknowledged, _cleared, _resolved, topology_changed, indicators_changed,
/// incident_opened, incident_updated, incident_cleared, incident_resolved)
/// with the MonitoringEvent as JSON in "data". A comment line confirms the subscription; another is
/// sent every 15 s so proxies keep the connection. A consumer that falls behind is disconnected.
/// </summary>
public static class EventStreamEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void MapEventStream(this WebApplication app) => app.MapGet("/api/v1/events", StreamAsync).RequireAuthorization(Security.Policies.Read);

    private static async Task StreamAsync(
        HttpContext http,
        EventHub hub,
        SubscriberLimits limits,
        IHostApplicationLifetime lifetime,
        [FromQuery(Name = "commodity")] string[]? commodities,
        [FromQuery(Name = "subject_id")] string[]? subjects,
        [FromQuery(Name = "min_severity")] string? minSeverity)
    {
        Contracts.Severity? minimum = null;
        if (!string.IsNullOrEmpty(minSeverity))
        {
            if (!TryParseSeverity(minSeverity, out var parsed))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync($"min_severity '{minSeverity}' is not one of SEVERITY_INFO, SEVERITY_WARNING, SEVERITY_CRITICAL\n");
                return;
            }
            minimum = parsed;
        }
        var filter = EventFilter.From(commodities ?? [], subjects ?? [], minimum);

        using var lease = limits.TryAcquire(SubscriberLimits.CallerOf(http), out var refusal);
        if (lease is null)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = "30";
            await http.Response.WriteAsync(refusal + "\n");
            return;
        }
        using var subscription = hub.Subscribe(filter.Wants);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await http.Response.WriteAsync(": subscribed\n\n", stopping.Token);
            await http.Response.Body.FlushAsync(stopping.Token);
            while (!stopping.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                wait.CancelAfter(KeepAlive);
                bool ready;
                try
                {
                    ready = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", stopping.Token);
                    await http.Response.Body.FlushAsync(stopping.Token);
                    continue;
                }
                if (!ready) break;
                var text = new StringBuilder();
                while (subscription.Reader.TryRead(out var e)) text.Append(EventFormats.ServerSentEvent(e));
                await http.Response.WriteAsync(text.ToString(), stopping.Token);
                await http.Response.Body.FlushAsync(stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser left, or the gateway is stopping: the browser's EventSource reconnects by itself.
        }
        catch (SlowConsumerException e)
        {
            await http.Response.WriteAsync($"event: error\ndata: {e.Message}\n\n", CancellationToken.None);
        }
    }

    private static bool TryParseSeverity(string text, out Contracts.Severity severity) =>
        Enum.TryParse(text.Replace("SEVERITY_", "", StringComparison.OrdinalIgnoreCase), ignoreCase: true, out severity) && Enum.IsDefined(severity);
}
