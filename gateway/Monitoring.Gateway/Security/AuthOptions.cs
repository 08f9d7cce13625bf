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

    /// <summary>Failed authentications a remote address may make in a minute before its further failures are answered after a second.</summary>
    public int MaxFailuresPerMinute { get; set; } = 60;

    /// <summary>
    /// The CA (PEM) whose TLS client certificates identify providers (each key's CertificateSha256); empty: no client
    /// certificates are asked for. Needs the gateway served over TLS.
    /// </summary>
    public string ProviderCaPath { get; set; } = "";

    /// <summary>Operators signed in by an identity provider (JWT bearer tokens), beside API keys; off unless configured.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>A key's certificate fingerprint as 64 lowercase hex digits (openssl prints it with colons).</summary>
    public static string CertificateHash(ApiKeyOptions key) => key.CertificateSha256.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <param name="demoAllowed">Whether published demo keys may be configured (the Development environment only).</param>
    public IEnumerable<string> Problems(bool demoAllowed)
    {
        if (AnonymousRole.Length > 0 && AnonymousRole != Roles.Viewer)
            yield return $"{SectionName}:AnonymousRole may only be empty or '{Roles.Viewer}' (got '{AnonymousRole}')";
        if (MaxFailuresPerMinute < 1) yield return $"{SectionName}:MaxFailuresPerMinute must be at least 1";
        if (ProviderCaPath.Length > 0 && !File.Exists(ProviderCaPath)) yield return $"{SectionName}:ProviderCaPath '{ProviderCaPath}' does not exist";
        foreach (var problem in Jwt.Problems()) yield return $"{SectionName}:Jwt:{problem}";
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in Keys)
        {
            if (name == ApiKeyAuthenticationHandler.AnonymousName) yield return $"{SectionName}:Keys:{name}: '{name}' is reserved for callers without a key";
            if (key.Demo && !demoAllowed)
                yield return $"{SectionName}:Keys:{name} is a published demo key: remove it (demo keys are only accepted in the Development environment)";
            if (hashes.TryGetValue(key.Sha256, out var other)) yield return $"{SectionName}:Keys:{name} has the same key as {other}";
            else hashes[key.Sha256] = name;
            if (!Roles.All.Contains(key.Role)) yield return $"{SectionName}:Keys:{name}:Role must be one of {string.Join(", ", Roles.All)} (got '{key.Role}')";
            if ((key.Sha256.Length > 0 || key.CertificateSha256.Length == 0) && (key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit)))
                yield return $"{SectionName}:Keys:{name}:Sha256 must be the 64 hex digits of the key's SHA-256 (echo -n KEY | sha256sum)";
            if (key.CertificateSha256.Length > 0 && (CertificateHash(key).Length != 64 || !CertificateHash(key).All(Uri.IsHexDigit)))
                yield return $"{SectionName}:Keys:{name}:CertificateSha256 must be the 64 hex digits of the certificate's SHA-256 fingerprint";
            if (key.CertificateSha256.Length > 0 && key.Role != Roles.Provider) yield return $"{SectionName}:Keys:{name}:CertificateSha256 is for providers only";
            if (key.Role == Roles.Provider && !Identifiers.IsValid(key.Owner))
                yield return $"{SectionName}:Keys:{name}:Owner must name the provider (the `owner` of its nodes and lanes in the topology), pattern {Identifiers.Pattern}";
            if (key.ObservationsPerSecond is < 1) yield return $"{SectionName}:Keys:{name}:ObservationsPerSecond must be at least 1";
            if (key.MaxFeeds is < 1) yield return $"{SectionName}:Keys:{name}:MaxFeeds must be at least 1";
            if (key.BatchesPerSecond is < 1) yield return $"{SectionName}:Keys:{name}:BatchesPerSecond must be at least 1";
            if (key.BytesPerSecond is < 1024) yield return $"{SectionName}:Keys:{name}:BytesPerSecond must be at least 1024";
            if (key.MaxStreams is < 1) yield return $"{SectionName}:Keys:{name}:MaxStreams must be at least 1";
            foreach (var feed in key.Feeds)
            {
                if (!Identifiers.IsValid(feed.TrimEnd('*'))) yield return $"{SectionName}:Keys:{name}:Feeds: '{feed}' is not a feed id (or a prefix ending in *)";
            }
        }
    }
}
