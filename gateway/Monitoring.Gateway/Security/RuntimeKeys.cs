using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Monitoring.Gateway.Security;

/// <summary>
/// Keys the gateway makes for its own in-process clients (the demo's feed simulator), random per process
/// and never written anywhere: they work in every environment without a configured secret.
/// </summary>
public sealed class RuntimeKeys
{
    private readonly ConcurrentDictionary<string, (byte[] Hash, ApiKeyOptions Options)> _keys = new(StringComparer.Ordinal);

    /// <summary>A new key for <paramref name="name"/> with these permissions; returns the key itself.</summary>
    public string Issue(string name, ApiKeyOptions options)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _keys[name] = (SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), options);
        return key;
    }

    /// <summary>The owners of the runtime keys (providers among them).</summary>
    public IEnumerable<string> Owners => _keys.Values.Select(k => k.Options.Owner);

    /// <summary>The name and permissions of the runtime key whose SHA-256 is <paramref name="presented"/>.</summary>
    public (string Name, ApiKeyOptions Options)? Find(byte[] presented)
    {
        foreach (var (name, entry) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Hash)) return (name, entry.Options);
        }
        return null;
    }
}
