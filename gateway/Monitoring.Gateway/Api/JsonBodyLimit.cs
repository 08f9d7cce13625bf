using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Monitoring.Gateway.Api;

/// <summary>
/// Every request that is not gRPC (which has its own message limit) reads at most Gateway:MaxJsonBodyBytes of its body:
/// a declared length over it is refused at once with 413 (before the body is read), a chunked body when it passes the limit.
/// </summary>
public static class JsonBodyLimit
{
    public static WebApplication UseJsonBodyLimit(this WebApplication app)
    {
        var max = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxJsonBodyBytes;
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
            {
                if (context.Request.ContentLength > max)
                {
                    app.Logger.LogWarning("refused a {Length}-byte body to {Path} from {Remote}: over Gateway:MaxJsonBodyBytes ({Max})",
                        context.Request.ContentLength, context.Request.Path.Value, context.Connection.RemoteIpAddress, max);
                    context.Response.StatusCode = StatusCodes.Status413RequestEntityTooLarge;
                    await context.Response.WriteAsJsonAsync(new
                    {
                        code = (int)Grpc.Core.StatusCode.InvalidArgument,
                        message = $"request body of {context.Request.ContentLength} bytes; at most {max} ({GatewayOptions.SectionName}:MaxJsonBodyBytes)",
                    });
                    return;
                }
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
            }
            await next(context);
        });
        return app;
    }
}
