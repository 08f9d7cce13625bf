using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Gateway.Api;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Unit;

public sealed class GrpcErrorInterceptorTests
{
    private static readonly IngestOptions Limits = new() { UnaryTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_unary_call_longer_than_the_gateways_limit_ends_with_deadline_exceeded()
    {
        var time = new FakeTimeProvider();
        var interceptor = new GrpcErrorInterceptor(Options.Create(Limits), time, NullLogger<GrpcErrorInterceptor>.Instance);
        var never = new TaskCompletionSource<string>();

        var call = interceptor.UnaryServerHandler<string, string>("request", new Context(), (_, _) => never.Task);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task A_timeout_inside_the_call_is_the_clusters_and_maps_to_unavailable()
    {
        var interceptor = new GrpcErrorInterceptor(Options.Create(Limits), new FakeTimeProvider(), NullLogger<GrpcErrorInterceptor>.Instance);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("request", new Context(), (_, _) => Task.FromException<string>(new TimeoutException("grain call"))));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    /// <summary>The least of a call's context the interceptor reads.</summary>
    private sealed class Context : ServerCallContext
    {
        protected override string MethodCore => "/monitoring.v1.MonitoringService/GetOverview";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, new Dictionary<string, List<AuthProperty>>());
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
