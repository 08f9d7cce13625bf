using Grpc.Net.Client;

namespace Monitoring.Client;

/// <summary>Channels to a gateway's HTTP/2 gRPC port with keep-alive pings, so a dead peer is noticed.</summary>
public static class GrpcChannels
{
    public static GrpcChannel Create(Uri endpoint) => GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        MaxReceiveMessageSize = 64 * 1024 * 1024,
    });
}
