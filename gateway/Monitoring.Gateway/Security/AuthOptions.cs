using System.Security.Cryptography;
using System.Text;
using Monitoring.Contracts;

namespace Monitoring.Gateway.Security;

/// <summary>Who may call the gateway (configuration section "Auth"); see docs/security in the README.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>API keys by name. Only the SHA-256 of each key is configured, never the key itself.</summary>
    public Dictionary<string, ApiKeyOptions> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The role of a caller without a key: empty (the default) refuses them; "viewer" lets anyone read
    /// (the demo's wall screen). Never "admin".
    /// </summary>
    public string AnonymousRole { get; set; } = "";

    /// <param name="demoAllowed">Whether published demo keys may be configured (the Development environment only).</param>
    public IEnumerable<string> Problems(bool demoAllowed)
    {
        if (AnonymousRole.Length > 0 && AnonymousRole != Roles.Viewer)
            yield return $"{SectionName}:AnonymousRole may only be empty or '{Roles.Viewer}' (got '{AnonymousRole}')";
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in Keys)
        {
            if (name == ApiKeyAuthenticationHandler.AnonymousName) yield return $"{SectionName}:Keys:{name}: '{name}' is reserved for callers without a key";
            if (key.Demo && !demoAllowed)
                yield return $"{SectionName}:Keys:{name} is a published demo key: remove it (demo keys are only accepted in the Development environment)";
            if (hashes.TryGetValue(key.Sha256, out var other)) yield return $"{SectionName}:Keys:{name} has the same key as {other}";
            else hashes[key.Sha256] = name;
            if (!Roles.All.Contains(key.Role)) yield return $"{SectionName}:Keys:{name}:Role must be one of {string.Join(", ", Roles.All)} (got '{key.Role}')";
            if (key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit))
                yield return $"{SectionName}:Keys:{name}:Sha256 must be the 64 hex digits of the key's SHA-256 (echo -n KEY | sha256sum)";
            if (key.Role == Roles.Provider && !Identifiers.IsValid(key.Owner))
                yield return $"{SectionName}:Keys:{name}:Owner must name the provider (the `owner` of its nodes and lanes in the topology), pattern {Identifiers.Pattern}";
            if (key.ObservationsPerSecond is < 1) yield return $"{SectionName}:Keys:{name}:ObservationsPerSecond must be at least 1";
            if (key.MaxStreams is < 1) yield return $"{SectionName}:Keys:{name}:MaxStreams must be at least 1";
            foreach (var feed in key.Feeds)
            {
                if (!Identifiers.IsValid(feed.TrimEnd('*'))) yield return $"{SectionName}:Keys:{name}:Feeds: '{feed}' is not a feed id (or a prefix ending in *)";
            }
        }
    }
}

public sealed class ApiKeyOptions
{
    /// <summary>provider, viewer or admin.</summary>
    public string Role { get; set; } = "";

    /// <summary>Lower- or upper-case hex of SHA-256 over the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>A published demo key: fine on a laptop, never in production.</summary>
    public bool Demo { get; set; }

    /// <summary>Providers: the provider id, as the <c>owner</c> of its nodes and lanes in the topology.</summary>
    public string Owner { get; set; } = "";

    /// <summary>
    /// Providers: the feeds the key may publish, ids or prefixes ending in "*". Empty: the feed named after
    /// the owner, and feeds starting with the owner followed by "-", "." or ":" (codelco-chuquicamata).
    /// </summary>
    public List<string> Feeds { get; set; } = [];

    /// <summary>Providers: observations per second over all streams (default Ingest:ProviderObservationsPerSecond).</summary>
    public int? ObservationsPerSecond { get; set; }

    /// <summary>Providers: Publish streams open at once (default Ingest:MaxStreamsPerProvider).</summary>
    public int? MaxStreams { get; set; }

    /// <summary>Whether this key may publish to <paramref name="feedId"/> (admins: any feed).</summary>
    public bool MayPublish(string feedId)
    {
        if (Role == Roles.Admin) return true;
        if (Role != Roles.Provider) return false;
        if (Feeds.Count == 0) return feedId == Owner || (feedId.StartsWith(Owner, StringComparison.Ordinal) && feedId.Length > Owner.Length && feedId[Owner.Length] is '-' or '.' or ':');
        return Feeds.Any(f => f.EndsWith('*') ? feedId.StartsWith(f[..^1], StringComparison.Ordinal) : feedId == f);
    }
}

/// <summary>The roles of DESIGN §8.</summary>
public static class Roles
{
    public const string Provider = "provider";
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Provider, Viewer, Admin };

    /// <summary>Hex SHA-256 of a key, as configured.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Authorization policies: who may read, and who may act on disruptions and the topology.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Operate = "operate";
    public const string Publish = "publish";

    /// <summary>The Orleans dashboard: admins, with their key or the admin session cookie.</summary>
    public const string OrleansDashboard = "orleans-dashboard";
}
