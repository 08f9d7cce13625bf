using Monitoring.Domain;

namespace Monitoring.Gateway.Events;

/// <summary>Live-event subscriptions (Watch and the event stream) this gateway serves (configuration section "Events").</summary>
public sealed class EventOptions : IValidatedOptions
{
    public static string SectionName => "Events";

    /// <summary>Open subscriptions one caller may hold: per API key, or per remote address for anonymous callers.</summary>
    public int MaxSubscriptionsPerCaller { get; set; } = 50;

    /// <summary>Open subscriptions on this gateway, all callers together.</summary>
    public int MaxSubscriptions { get; set; } = 2_000;

    public IEnumerable<string> Problems()
    {
        if (MaxSubscriptionsPerCaller < 1) yield return $"{SectionName}:MaxSubscriptionsPerCaller must be at least 1";
        if (MaxSubscriptions < MaxSubscriptionsPerCaller) yield return $"{SectionName}:MaxSubscriptions must be at least {SectionName}:MaxSubscriptionsPerCaller";
    }
}
