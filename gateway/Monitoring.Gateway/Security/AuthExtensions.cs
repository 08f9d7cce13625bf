using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Monitoring.Gateway.Security;

public static class AuthExtensions
{
    /// <summary>The default scheme: a bearer JWT goes to <see cref="JwtAuthentication"/> (when configured), anything else to the API keys.</summary>
    public const string DefaultScheme = "ApiKeyOrJwt";

    /// <summary>API-key (and, when configured, JWT) authentication and the read / operate policies, with the settings checked at start.</summary>
    public static IServiceCollection AddMonitoringAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<RuntimeKeys>();
        services.AddSingleton<FailedAuthentications>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResults>();
        var jwt = configuration.GetSection($"{AuthOptions.SectionName}:Jwt").Get<JwtOptions>() ?? new JwtOptions();
        // Invalid settings are reported by the options validation at start, not thrown here.
        var useJwt = jwt.Enabled && !jwt.Problems().Any();
        var authentication = services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "API key or JWT", o => o.ForwardDefaultSelector = context =>
                useJwt && JwtAuthentication.CarriesJwt(context.Request.Headers.Authorization) ? JwtAuthentication.SchemeName : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(AdminSession.SchemeName, AdminSession.Configure);
        if (useJwt) authentication.AddJwtBearer(JwtAuthentication.SchemeName, o => JwtAuthentication.Configure(o, jwt));
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, p => p.RequireRole(Roles.Viewer, Roles.Admin, Roles.Provider))
            .AddPolicy(Policies.Operate, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Publish, p => p.RequireRole(Roles.Provider, Roles.Admin))
            .AddPolicy(Policies.OrleansDashboard, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, AdminSession.SchemeName)
                .RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>GET /api/v1/session: who the caller is to the gateway (the dashboard shows admin controls from it).</summary>
    public static void MapSession(this WebApplication app) =>
        app.MapGet("/api/v1/session", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
            ? Results.Json(new { authenticated = true, name = user.Identity.Name, role = user.FindFirstValue(ClaimTypes.Role) })
            : Results.Json(new { authenticated = false, name = "", role = "" }));

    /// <summary>
    /// POST /api/v1/session (admins): a session cookie for the Orleans dashboard, whose browser UI cannot
    /// send our authorization header. DELETE /api/v1/session ends it.
    /// </summary>
    public static void MapAdminSession(this WebApplication app)
    {
        app.MapPost("/api/v1/session", (ClaimsPrincipal user, IOptionsMonitor<AuthOptions> auth, TimeProvider time) =>
                Results.SignIn(AdminSession.Principal(user, auth.CurrentValue, time.GetUtcNow()), authenticationScheme: AdminSession.SchemeName))
            .RequireAuthorization(Policies.Operate);
        app.MapDelete("/api/v1/session", () => Results.SignOut(authenticationSchemes: [AdminSession.SchemeName]));
    }

    /// <summary>The name the history records for an operator action: the person named in the request, and the key they used.</summary>
    public static string ActorOf(ClaimsPrincipal user, string requested)
    {
        var principal = user.Identity?.Name ?? ApiKeyAuthenticationHandler.AnonymousName;
        return string.IsNullOrWhiteSpace(requested) ? principal : $"{requested.Trim()} ({principal})";
    }
}
