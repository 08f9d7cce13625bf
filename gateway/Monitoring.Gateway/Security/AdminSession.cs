using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Monitoring.Gateway.Security;

/// <summary>
/// The cookie that lets a signed-in admin's browser open the Orleans dashboard at /orleans. It is issued
/// only to a caller that presented an admin key (POST /api/v1/session), travels only to /orleans, is
/// invisible to scripts, never sent cross-site, and lasts an hour (renewed while used).
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
            var name = context.Principal?.Identity?.Name ?? "";
            var keys = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AuthOptions>>().CurrentValue.Keys;
            if (!(keys.TryGetValue(name, out var key) && key.Role == Roles.Admin)) context.RejectPrincipal();
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToLogin = context => Refuse(context.Response, StatusCodes.Status401Unauthorized,
            "The Orleans dashboard is for admins: sign in with an admin key on the status page (/) first, or call with \"authorization: Bearer <admin key>\".");
        options.Events.OnRedirectToAccessDenied = context => Refuse(context.Response, StatusCodes.Status403Forbidden,
            "The Orleans dashboard is for admins only.");
    }

    /// <summary>The cookie's principal: the admin key's name and role, nothing else.</summary>
    public static ClaimsPrincipal Principal(ClaimsPrincipal user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user.Identity?.Name ?? ""), new Claim(ClaimTypes.Role, Roles.Admin)], SchemeName));

    private static Task Refuse(HttpResponse response, int status, string message)
    {
        // Both schemes of the dashboard policy answer; the API-key scheme sets the status, this one explains it.
        if (response.HasStarted) return Task.CompletedTask;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message);
    }
}
