using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Monitoring.Client;

/// <summary>Channels to a gateway's HTTP/2 gRPC port with keep-alive pings, so a dead peer is noticed.</summary>
public static class GrpcChannels
{
    /// <param name="trusted">
    /// Over https, a certificate to accept besides those the system trusts: the one a gateway serves, for its own
    /// demo simulator (which connects to it by a local name its certificate need not carry), or a test's.
    /// </param>
    public static GrpcChannel Create(Uri endpoint, X509Certificate2? trusted = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (trusted is not null) handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accepts(trusted, certificate, errors);
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    /// <summary>A certificate the system trusts, or exactly <paramref name="trusted"/>.</summary>
    public static bool Accepts(X509Certificate2 trusted, X509Certificate? presented, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || (presented is not null && presented.GetCertHashString() == trusted.Thumbprint);
}
