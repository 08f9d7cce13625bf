using Grpc.Core;
using Grpc.Core.Interceptors;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Gateway.Api;

/// <summary>
/// Turns cluster failures into gRPC statuses a client can act on (retry, or not), and bounds every unary
/// call by <see cref="IngestOptions.UnaryTimeout"/> whatever deadline the client set (none, or a long one).
/// </summary>
public sealed class GrpcErrorInterceptor(Microsoft.Extensions.Options.IOptions<IngestOptions> options, TimeProvider time, ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        try
        {
            return await call.WaitAsync(options.Value.UnaryTimeout, time, context.CancellationToken);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            // The work goes on in the cluster; nobody waits for it any more.
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"the call took longer than the gateway's limit of {options.Value.UnaryTimeout.TotalSeconds:0} s; retry later"));
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
