using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Api.V1;

namespace Monitoring.Bench.NullSink;

/// <summary>
/// The baseline: a gRPC server with the platform's FeedService that parses every batch (the gRPC
/// library deserializes it) and acks it at once, doing nothing else. Whatever the platform reaches
/// below this rate is the cost of its own work.
/// </summary>
public static class NullSinkServer
{
    public static async Task RunAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<NullSinkFeedService>();
        await app.RunAsync(cancellationToken);
    }

    private sealed class NullSinkFeedService : FeedService.FeedServiceBase
    {
        public override async Task Publish(IAsyncStreamReader<PublishRequest> requestStream, IServerStreamWriter<PublishAck> responseStream, ServerCallContext context)
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                await responseStream.WriteAsync(new PublishAck
                {
                    Sequence = request.Sequence,
                    DurableSequence = request.Sequence,
                    Accepted = (uint)request.Observations.Count,
                }, context.CancellationToken);
            }
        }
    }
}
