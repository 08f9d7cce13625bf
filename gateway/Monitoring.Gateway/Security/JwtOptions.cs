namespace Monitoring.Gateway.Security;

/// <summary>
/// JWT bearer tokens from the operations centers' identity provider (configuration section "Auth:Jwt"): either its
/// <see cref="Authority"/> (OpenID Connect discovery finds issuer and keys), or, air-gapped, the <see cref="Issuer"/> and
/// the PEM file of its public key. Tokens carry the person's name and a role, viewer or admin (docs/security.md).
/// </summary>
public sealed class JwtOptions
{
    /// <summary>The identity provider's URL, for discovery (https://login.example.gov/realms/ops).</summary>
    public string Authority { get; set; } = "";

    /// <summary>The tokens' issuer (<c>iss</c>), when the keys come from <see cref="PublicKeyPath"/>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The audience the tokens must name (<c>aud</c>): this platform's client id at the identity provider.</summary>
    public string Audience { get; set; } = "";

    /// <summary>A PEM file with the issuer's public key (RSA or EC: RS256, ES256) or its certificate.</summary>
    public string PublicKeyPath { get; set; } = "";

    /// <summary>The claim naming the role: viewer or admin (a list of values is read too; admin wins).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim with the person's name, recorded in the history of what they do (falls back to <c>sub</c>).</summary>
    public string NameClaim { get; set; } = "name";

    public bool Enabled => Authority.Length > 0 || Issuer.Length > 0 || PublicKeyPath.Length > 0 || Audience.Length > 0;

    public IEnumerable<string> Problems()
    {
        if (!Enabled) yield break;
        if (Audience.Length == 0) yield return "Audience is required: the client id tokens for this platform name";
        if (Authority.Length > 0 && (Issuer.Length > 0 || PublicKeyPath.Length > 0))
            yield return "Authority: set either Authority (discovery) or Issuer and PublicKeyPath (air-gapped), not both";
        else if (Authority.Length == 0 && (Issuer.Length == 0 || PublicKeyPath.Length == 0))
            yield return "Authority: set Authority (discovery), or both Issuer and PublicKeyPath (air-gapped)";
        if (Authority.Length > 0 && !Uri.TryCreate(Authority, UriKind.Absolute, out _)) yield return $"Authority '{Authority}' is not an absolute URL";
        if (PublicKeyPath.Length > 0)
        {
            string? problem = null;
            try
            {
                _ = JwtKeys.Load(PublicKeyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                problem = $"PublicKeyPath '{PublicKeyPath}': {e.Message}";
            }
            if (problem is not null) yield return problem;
        }
        if (RoleClaim.Length == 0) yield return "RoleClaim must name a claim";
        if (NameClaim.Length == 0) yield return "NameClaim must name a claim";
    }
}
