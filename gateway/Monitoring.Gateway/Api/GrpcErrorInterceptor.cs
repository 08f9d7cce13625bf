using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Monitoring.Gateway.Api;

/// <summary>Turns cluster failures into gRPC statuses a client can act on (retry, or not).</summary>
public sealed class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && !context.CancellationToken.IsCancellationRequested)
        {
            throw Translate(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && !context.CancellationToken.IsCancellationRequested)
        {
            throw Translate(e, context);
        }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        var (code, message) = e switch
        {
            TimeoutException => (StatusCode.Unavailable, "the cluster did not answer in time; retry"),
            Orleans.Runtime.OrleansException or Orleans.Runtime.SiloUnavailableException => (StatusCode.Unavailable, "the cluster is unavailable; retry"),
            OperationCanceledException => (StatusCode.Cancelled, "cancelled"),
            _ => (StatusCode.Internal, "internal error; see the gateway log"),
        };
        logger.LogWarning(e, "{Method} failed: {Code}", context.Method, code);
        return new RpcException(new Status(code, message));
    }
}
