using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Gateway.Security;

/// <summary>
/// Operators' JWT bearer tokens (<see cref="JwtOptions"/>): validated for signature, issuer, audience and lifetime, then
/// turned into the same principal an API key gives — the person's name and a role, viewer or admin — so that policies
/// and the history of operator actions treat both alike. A token whose role claim names neither gets no role (403).
/// </summary>
public static class JwtAuthentication
{
    public const string SchemeName = "Jwt";

    /// <summary>Claim with the token's subject (<c>sub</c>), kept beside the name.</summary>
    public const string SubjectClaim = "monitoring:subject";

    /// <summary>Whether an authorization header carries a JWT (three base64url parts) rather than an API key.</summary>
    public static bool CarriesJwt(string? header) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && header.AsSpan("Bearer ".Length).Trim() is var token && token.StartsWith("eyJ") && token.Count('.') == 2;

    public static void Configure(JwtBearerOptions options, JwtOptions jwt)
    {
        options.MapInboundClaims = false;
        if (jwt.Authority.Length > 0)
        {
            options.Authority = jwt.Authority;
            options.RequireHttpsMetadata = !jwt.Authority.StartsWith("http://localhost", StringComparison.OrdinalIgnoreCase);
        }
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer.Length > 0 ? jwt.Issuer : null,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            IssuerSigningKey = jwt.PublicKeyPath.Length > 0 ? JwtKeys.Load(jwt.PublicKeyPath) : null,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                context.Principal = Principal(context.Principal!, jwt);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                // Logged and counted like a wrong API key (never the token itself).
                context.HttpContext.RequestServices.GetRequiredService<FailedAuthentications>()
                    .Record(context.HttpContext.Connection.RemoteIpAddress, $"invalid token: {context.Exception.GetType().Name}");
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The person's name and their role on this platform (admin if the token names both), from the validated token.</summary>
    public static ClaimsPrincipal Principal(ClaimsPrincipal token, JwtOptions jwt)
    {
        var subject = token.FindFirstValue("sub") ?? "";
        var name = token.FindFirstValue(jwt.NameClaim) is { Length: > 0 } named ? named : subject;
        var roles = token.FindAll(jwt.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        List<Claim> claims = [new Claim(ClaimTypes.Name, name), new Claim(SubjectClaim, subject)];
        if (roles.Contains(Roles.Admin)) claims.Add(new Claim(ClaimTypes.Role, Roles.Admin));
        else if (roles.Contains(Roles.Viewer)) claims.Add(new Claim(ClaimTypes.Role, Roles.Viewer));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}
