using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Monitoring.Gateway.Security;

/// <summary>
/// A gRPC call refused by authentication or authorization gets a gRPC status, not a bare HTTP 401 or 403 (which a gRPC
/// client reports as "Bad gRPC response. HTTP status code: 403"): UNAUTHENTICATED or PERMISSION_DENIED, with a message
/// that names the expected metadata and the reason. Other requests get the usual HTTP answers.
/// </summary>
public sealed class GrpcAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _http = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded || !IsGrpc(context.Request)) return _http.HandleAsync(next, context, policy, result);
        return result.Challenged
            ? Refuse(context, Grpc.Core.StatusCode.Unauthenticated, WhyUnauthenticated(context))
            : Refuse(context, Grpc.Core.StatusCode.PermissionDenied, WhyForbidden(context, policy, result));
    }

    private static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>An authorization header in a form other than <c>Bearer …</c> (which the API keys take as no key at all).</summary>
    private static bool NotBearer(string? header) => !string.IsNullOrWhiteSpace(header) && !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a caller is not known: no key, a header in the wrong form, or a key or token that was refused.</summary>
    private static string WhyUnauthenticated(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
            return "this call needs a key: send the metadata 'authorization: Bearer <key>' (docs/api.md, Authenticate)";
        if (NotBearer(header))
            return "the metadata 'authorization' must be 'Bearer <key>': the value sent does not start with 'Bearer ' (docs/api.md, Authenticate)";
        var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure?.Message;
        return JwtAuthentication.CarriesJwt(header)
            ? $"the token in 'authorization: Bearer …' was refused ({failure ?? "not valid"}): check its issuer, audience, signature and expiry"
            : "the key in 'authorization: Bearer <key>' is not known to this gateway (unknown API key; keys are case-sensitive)";
    }

    /// <summary>Who the caller is and which roles the call needs.</summary>
    private static string WhyForbidden(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var user = context.User;
        var role = user.FindFirstValue(ClaimTypes.Role);
        var anonymous = user.Identity?.Name == ApiKeyAuthenticationHandler.AnonymousName;
        var who = user.Identity?.IsAuthenticated != true ? "a caller without a key"
            : anonymous && NotBearer(context.Request.Headers.Authorization)
                ? $"the metadata 'authorization' does not start with 'Bearer ', so the call counts as a caller without a key (anonymous, role {role}), which"
            : anonymous ? $"a caller without a key (anonymous, role {role})"
            : role is null ? $"'{user.Identity.Name}', which has no role here" : $"'{user.Identity.Name}', role {role},";
        var needed = (result.AuthorizationFailure?.FailedRequirements ?? policy.Requirements)
            .OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var method = context.Request.Path.Value ?? "";
        return needed.Count == 0
            ? $"{who} may not call {method}"
            : $"{who} may not call {method}: it needs the role {string.Join(" or ", needed)} (docs/security.md)";
    }

    /// <summary>A trailers-only gRPC response: HTTP 200 with the status in the headers, as gRPC servers answer a call they refuse outright.</summary>
    private static Task Refuse(HttpContext context, Grpc.Core.StatusCode status, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
