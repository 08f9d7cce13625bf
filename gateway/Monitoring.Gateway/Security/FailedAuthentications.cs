using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Monitoring.Gateway.Security;

/// <summary>
/// Failed authentications per remote address and minute (<see cref="AuthOptions.MaxFailuresPerMinute"/>): each address's
/// first failure of a minute is logged (never the key), and past the limit its further failures that minute are
/// answered after <see cref="Delay"/>.
/// </summary>
public sealed class FailedAuthentications(IOptionsMonitor<AuthOptions> auth, TimeProvider time, ILogger<FailedAuthentications> logger)
{
    /// <summary>How long a failure past the limit waits before it is answered.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, (long Minute, int Count)> _byAddress = new(StringComparer.Ordinal);

    private long Minute => time.GetUtcNow().ToUnixTimeSeconds() / 60;

    /// <summary>Whether <paramref name="address"/> has used up its failures for this minute (its next failure waits).</summary>
    public bool Throttled(IPAddress? address) =>
        _byAddress.TryGetValue(Key(address), out var entry) && entry.Minute == Minute && entry.Count >= auth.CurrentValue.MaxFailuresPerMinute;

    public void Record(IPAddress? address, string reason)
    {
        var minute = Minute;
        if (_byAddress.Count >= MaxTracked)
        {
            foreach (var (key, entry) in _byAddress)
                if (entry.Minute != minute) _byAddress.TryRemove(key, out _);
        }
        var now = _byAddress.AddOrUpdate(Key(address), _ => (minute, 1), (_, e) => e.Minute == minute ? (minute, e.Count + 1) : (minute, 1));
        if (now.Count == 1) logger.LogWarning("failed authentication from {Address}: {Reason} (further failures from it this minute are counted, not logged)", Key(address), reason);
        else if (now.Count == auth.CurrentValue.MaxFailuresPerMinute)
            logger.LogWarning("{Address} failed to authenticate {Count} times this minute: its further failures are answered after {Delay} (Auth:MaxFailuresPerMinute)", Key(address), now.Count, Delay);
    }

    private static string Key(IPAddress? address) => address?.ToString() ?? "unknown";
}
