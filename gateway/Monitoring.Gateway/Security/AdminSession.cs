using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Monitoring.Gateway.Security;

/// <summary>
/// The cookie that lets a signed-in admin's browser open the Orleans dashboard at /orleans. It is issued
/// only to a caller that presented an admin key (POST /api/v1/session), travels only to /orleans, is
/// invisible to scripts, never sent cross-site, and lasts an hour (renewed while used, for at most eight hours from
/// sign-in); replacing or removing the key ends it.
/// </summary>
public static class AdminSession
{
    public const string SchemeName = "AdminSession";
    public const string CookieName = "monitoring-admin";
    public const string DashboardPath = "/orleans";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.Path = DashboardPath;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        // Secure when the request came over https. Behind a TLS-terminating proxy the gateway sees http:
        // serve it over https end to end there (docs/security.md), or the cookie goes without the flag.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(1);
        options.SlidingExpiration = true;
        // An API, not a site with a login page: say 401 / 403 instead of redirecting.
        // A key removed from the configuration (or no longer admin) ends its sessions at their next request.
        options.Events.OnValidatePrincipal = context =>
        {
            var services = context.HttpContext.RequestServices;
            var auth = services.GetRequiredService<IOptionsMonitor<AuthOptions>>().CurrentValue;
            if (context.Principal is null || !StillValid(context.Principal, auth, services.GetRequiredService<TimeProvider>().GetUtcNow())) context.RejectPrincipal();
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToLogin = context => Refuse(context.Response, StatusCodes.Status401Unauthorized,
            "The Orleans dashboard is for admins: sign in with an admin key on the status page (/) first, or call with \"authorization: Bearer <admin key>\".");
        options.Events.OnRedirectToAccessDenied = context => Refuse(context.Response, StatusCodes.Status403Forbidden,
            "The Orleans dashboard is for admins only.");
    }

    /// <summary>However much it is used, a session ends this long after it began: signing in again starts a new one.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    private const string IssuedClaim = "monitoring:issued";
    private const string KeyClaim = "monitoring:key";

    /// <summary>The cookie's principal: the admin key's name and role, when the session began, and which key it was (its hash).</summary>
    public static ClaimsPrincipal Principal(ClaimsPrincipal user, AuthOptions auth, DateTimeOffset now)
    {
        var name = user.Identity?.Name ?? "";
        var hash = auth.Keys.TryGetValue(name, out var key) ? key.Sha256.ToLowerInvariant() : "";
        return new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.Admin),
                new Claim(IssuedClaim, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(KeyClaim, hash),
            ], SchemeName));
    }

    /// <summary>
    /// A session holds while its key is still configured as an admin key — the same key, not another one configured
    /// under the same name since — and for at most <see cref="AbsoluteLifetime"/> since it began.
    /// </summary>
    public static bool StillValid(ClaimsPrincipal session, AuthOptions auth, DateTimeOffset now)
    {
        var name = session.Identity?.Name ?? "";
        if (!auth.Keys.TryGetValue(name, out var key) || key.Role != Roles.Admin) return false;
        if (!string.Equals(session.FindFirstValue(KeyClaim), key.Sha256, StringComparison.OrdinalIgnoreCase)) return false;
        return long.TryParse(session.FindFirstValue(IssuedClaim), out var issued)
            && now - DateTimeOffset.FromUnixTimeSeconds(issued) < AbsoluteLifetime;
    }

    private static Task Refuse(HttpResponse response, int status, string message)
    {
        // Both schemes of the dashboard policy answer; the API-key scheme sets the status, this one explains it.
        if (response.HasStarted) return Task.CompletedTask;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message);
    }
}
