namespace Monitoring.Gateway.Security;

public sealed class ApiKeyOptions
{
    /// <summary>provider, viewer or admin.</summary>
    public string Role { get; set; } = "";

    /// <summary>Lower- or upper-case hex of SHA-256 over the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>
    /// Providers: the SHA-256 (hex) of a TLS client certificate that identifies this key's provider instead of the key
    /// itself, on a gateway with Auth:ProviderCaPath (openssl x509 -in provider.crt -noout -fingerprint -sha256).
    /// </summary>
    public string CertificateSha256 { get; set; } = "";

    /// <summary>A published demo key: fine on a laptop, never in production.</summary>
    public bool Demo { get; set; }

    /// <summary>Providers: the provider id, as the <c>owner</c> of its nodes and lanes in the topology.</summary>
    public string Owner { get; set; } = "";

    /// <summary>
    /// Providers: the feeds the key may publish, ids or prefixes ending in "*". Empty: the feed named after
    /// the owner, and feeds starting with the owner followed by "-", "." or ":" (codelco-chuquicamata), unless
    /// another provider's owner id names the feed more closely (codelco-norte's feeds are not codelco's).
    /// </summary>
    public List<string> Feeds { get; set; } = [];

    /// <summary>Providers: observations per second over all streams (default Ingest:ProviderObservationsPerSecond).</summary>
    public int? ObservationsPerSecond { get; set; }

    /// <summary>Providers: batches per second over all streams, empty ones too (default Ingest:ProviderBatchesPerSecond).</summary>
    public int? BatchesPerSecond { get; set; }

    /// <summary>Providers: bytes of batches per second over all streams (default Ingest:ProviderBytesPerSecond).</summary>
    public int? BytesPerSecond { get; set; }

    /// <summary>Providers: distinct feeds published to within 8 days (default Ingest:MaxFeedsPerProvider).</summary>
    public int? MaxFeeds { get; set; }

    /// <summary>Providers: declared disruptions open at once on the provider's subjects (default Ingest:MaxDeclaredPerProvider).</summary>
    public int? MaxDeclared { get; set; }

    /// <summary>Providers: Publish streams open at once (default Ingest:MaxStreamsPerProvider).</summary>
    public int? MaxStreams { get; set; }

    /// <summary>Whether this key may publish to <paramref name="feedId"/> (admins: any feed).</summary>
    /// <param name="owners">
    /// Every provider's owner id: a feed named after a longer owner that starts with this one (codelco-norte for codelco)
    /// belongs to that provider, not to this one.
    /// </param>
    public bool MayPublish(string feedId, IEnumerable<string>? owners = null)
    {
        if (Role == Roles.Admin) return true;
        if (Role != Roles.Provider) return false;
        if (Feeds.Count > 0) return Feeds.Any(f => f.EndsWith('*') ? feedId.StartsWith(f[..^1], StringComparison.Ordinal) : feedId == f);
        return Names(feedId, Owner) && !(owners ?? []).Any(other => other.Length > Owner.Length && Names(feedId, other));
    }

    /// <summary>The feed named after <paramref name="owner"/>, or one starting with it followed by "-", "." or ":".</summary>
    private static bool Names(string feedId, string owner) =>
        owner.Length > 0 && (feedId == owner || (feedId.StartsWith(owner, StringComparison.Ordinal) && feedId.Length > owner.Length && feedId[owner.Length] is '-' or '.' or ':'));
}
