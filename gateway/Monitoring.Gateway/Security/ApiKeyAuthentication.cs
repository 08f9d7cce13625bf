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
    ILoggerFactory loggerFactory,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AnonymousName = "anonymous";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = auth.CurrentValue;
        string? header = Request.Headers.Authorization;
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
                return Task.FromResult(Success(name, key.Role));
        }
        return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
    }

    private AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
