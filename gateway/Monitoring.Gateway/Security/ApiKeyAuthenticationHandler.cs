using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Monitoring.Gateway.Security;

/// <summary>
/// "authorization: Bearer &lt;key&gt;": the key's SHA-256 is compared (in constant time) with every
/// configured hash; a match is a principal named after the key with its role. No header (or another
/// scheme): the anonymous role, if one is configured. A wrong key is refused, never downgraded to anonymous.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<AuthOptions> auth,
    RuntimeKeys runtimeKeys,
    FailedAuthentications failures,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AnonymousName = "anonymous";

    /// <summary>Claims of a provider key: the provider it speaks for, and the feeds it may publish (comma separated).</summary>
    public const string OwnerClaim = "monitoring:owner";
    public const string FeedsClaim = "monitoring:feeds";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = auth.CurrentValue;
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) && Context.Connection.ClientCertificate is { } certificate)
        {
            // A provider's TLS client certificate (already checked against Auth:ProviderCaPath by the TLS handshake).
            var fingerprint = certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
            foreach (var (name, key) in options.Keys)
            {
                if (key.CertificateSha256.Length > 0 && key.Role == Roles.Provider && CryptographicOperations.FixedTimeEquals(
                        Encoding.ASCII.GetBytes(AuthOptions.CertificateHash(key)), Encoding.ASCII.GetBytes(fingerprint)))
                    return Task.FromResult(Success(name, key.Role, key));
            }
            return FailAsync(Context.Connection.RemoteIpAddress);
        }
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(options.AnonymousRole.Length > 0
                ? Success(AnonymousName, options.AnonymousRole)
                : AuthenticateResult.NoResult());
        }
        // Another scheme (a proxy's Basic auth, say) is not ours to judge: the caller is as if without a key.
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(options.AnonymousRole.Length > 0 ? Success(AnonymousName, options.AnonymousRole) : AuthenticateResult.NoResult());

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        foreach (var (name, key) in options.Keys)
        {
            if (key.Sha256.Length == 64 && CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(key.Sha256)))
                return Task.FromResult(Success(name, key.Role, key));
        }
        if (runtimeKeys.Find(presented) is { } runtime) return Task.FromResult(Success(runtime.Name, runtime.Options.Role, runtime.Options));
        return FailAsync(Context.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// A wrong key: logged (first of the minute per address), and past <see cref="AuthOptions.MaxFailuresPerMinute"/> answered
    /// only after a second, which slows a guesser and nobody else (valid keys are never delayed, so a shared proxy address
    /// cannot lock anyone out).
    /// </summary>
    private async Task<AuthenticateResult> FailAsync(System.Net.IPAddress? address)
    {
        var throttled = failures.Throttled(address);
        failures.Record(address, "unknown API key");
        if (throttled) await Task.Delay(FailedAuthentications.Delay, Context.RequestAborted);
        return AuthenticateResult.Fail("unknown API key");
    }

    private AuthenticateResult Success(string name, string role, ApiKeyOptions? key = null)
    {
        List<Claim> claims = [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)];
        if (key is not null)
        {
            claims.Add(new Claim(OwnerClaim, key.Owner));
            claims.Add(new Claim(FeedsClaim, string.Join(',', key.Feeds)));
        }
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>What the caller may publish, from its claims.</summary>
    public static ApiKeyOptions PublishScope(ClaimsPrincipal user) => new()
    {
        Role = user.FindFirstValue(ClaimTypes.Role) ?? "",
        Owner = user.FindFirstValue(OwnerClaim) ?? "",
        Feeds = (user.FindFirstValue(FeedsClaim) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
    };
}
