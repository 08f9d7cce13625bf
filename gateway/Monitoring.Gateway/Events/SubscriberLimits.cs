using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Monitoring.Gateway.Security;

namespace Monitoring.Gateway.Events;

/// <summary>
/// How many live-event subscriptions a caller, and the gateway, hold (<see cref="EventOptions"/>): a subscription past
/// either limit is refused before it is made (429 on the event stream, RESOURCE_EXHAUSTED on Watch).
/// </summary>
public sealed class SubscriberLimits(IOptions<EventOptions> options, ILogger<SubscriberLimits> logger)
{
    private readonly ConcurrentDictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Who a limit counts against: the API key's name, or the remote address of an anonymous caller.</summary>
    public static string CallerOf(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name && name != ApiKeyAuthenticationHandler.AnonymousName
        ? $"key {name}"
        : $"address {http.Connection.RemoteIpAddress}";

    /// <summary>A lease to dispose when the subscription ends; null, with why, when a limit is reached.</summary>
    public IDisposable? TryAcquire(string caller, out string refusal)
    {
        var limits = options.Value;
        if (Interlocked.Increment(ref _total) > limits.MaxSubscriptions)
        {
            Interlocked.Decrement(ref _total);
            refusal = $"this gateway serves {limits.MaxSubscriptions} live-event subscriptions at most ({EventOptions.SectionName}:MaxSubscriptions); try another gateway or later";
            logger.LogWarning("refused a live-event subscription of {Caller}: {Refusal}", caller, refusal);
            return null;
        }
        var admitted = false;
        _byCaller.AddOrUpdate(caller, _ => { admitted = true; return 1; }, (_, n) => { admitted = n < limits.MaxSubscriptionsPerCaller; return admitted ? n + 1 : n; });
        if (!admitted)
        {
            Interlocked.Decrement(ref _total);
            refusal = $"{caller} already holds {limits.MaxSubscriptionsPerCaller} live-event subscriptions ({EventOptions.SectionName}:MaxSubscriptionsPerCaller); close one first";
            logger.LogWarning("refused a live-event subscription of {Caller}: {Refusal}", caller, refusal);
            return null;
        }
        refusal = "";
        return new Lease(this, caller);
    }

    private void Release(string caller)
    {
        _byCaller.AddOrUpdate(caller, 0, (_, n) => Math.Max(0, n - 1));
        Interlocked.Decrement(ref _total);
    }

    private sealed class Lease(SubscriberLimits limits, string caller) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) limits.Release(caller);
        }
    }
}
