using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Gateway.Api;

/// <summary>
/// FeedService.Publish: a reader loop validates each batch and starts applying it; a single writer
/// loop awaits the batches in order and writes their acks. At most MaxInFlightBatchesPerStream
/// batches are applied at once; beyond that the stream is not read (backpressure, not buffering).
/// </summary>
public sealed class FeedGrpcService(
    BatchApplier applier,
    IOptions<IngestOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FeedGrpcService> logger)
    : FeedService.FeedServiceBase
{
    /// <summary>Trailer naming the sequence of the batch a stream failed on.</summary>
    public const string SequenceTrailer = "monitoring-sequence";

    public override async Task Publish(IAsyncStreamReader<PublishRequest> requestStream, IServerStreamWriter<PublishAck> responseStream, ServerCallContext context)
    {
        var limits = options.Value;
        // Reading stops when the client leaves, a batch fails, or the gateway shuts down; acks of
        // batches already read are still written while the client listens.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var inFlight = Channel.CreateBounded<(ulong Sequence, Task<PublishAck> Ack)>(
            new BoundedChannelOptions(limits.MaxInFlightBatchesPerStream) { SingleReader = true, SingleWriter = true });
        var writer = WriteAcksAsync(inFlight.Reader, responseStream, reading, context.CancellationToken);

        RpcException? invalid = null;
        var lastSequence = new Dictionary<string, ulong>(StringComparer.Ordinal);
        try
        {
            while (await requestStream.MoveNext(reading.Token))
            {
                var request = requestStream.Current;
                var receivedAt = time.GetUtcNow();
                if (CheckBatch(request, lastSequence, limits) is { } problem)
                {
                    invalid = Invalid(request.Sequence, problem);
                    break;
                }
                // Wait for room before starting the batch, so no more than the limit are applied at once.
                await inFlight.Writer.WaitToWriteAsync(reading.Token);
                inFlight.Writer.TryWrite((request.Sequence, applier.ApplyAsync(request, receivedAt)));
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
            // The client went away, the gateway is stopping, or the writer failed (its error is reported below).
        }
        catch (IOException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
        inFlight.Writer.TryComplete();

        // Ack every batch read before the problem, then report it.
        await writer;
        if (invalid is not null)
        {
            logger.LogInformation("feed stream from {Peer} refused: {Detail}", context.Peer, invalid.Status.Detail);
            throw invalid;
        }
        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the gateway is shutting down; reconnect (to another gateway) and resend unacked batches"));
        }
    }

    private async Task WriteAcksAsync(
        ChannelReader<(ulong Sequence, Task<PublishAck> Ack)> acks,
        IServerStreamWriter<PublishAck> responses,
        CancellationTokenSource reading,
        CancellationToken client)
    {
        await foreach (var (sequence, pending) in acks.ReadAllAsync(CancellationToken.None))
        {
            PublishAck ack;
            try
            {
                ack = await pending;
            }
            catch (Exception e)
            {
                reading.Cancel();
                logger.LogWarning(e, "batch {Sequence} could not be applied; ending the stream so the provider resends", sequence);
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"batch {sequence} could not be applied ({e.GetType().Name}: {e.Message}); reconnect and resend from sequence {sequence}"),
                    new Metadata { { SequenceTrailer, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            }
            try
            {
                await responses.WriteAsync(ack, client);
            }
            catch (Exception) when (client.IsCancellationRequested)
            {
                // The client is gone; nothing more to write. Remaining batches still complete in the grains.
                return;
            }
        }
    }

    /// <summary>Batch-level rules: a valid feed id, sequences from 1 growing by one per batch on a stream, a size limit.</summary>
    public static string? CheckBatch(PublishRequest request, Dictionary<string, ulong> lastSequence, IngestOptions limits)
    {
        if (request.FeedId.Length == 0) return "feed_id is required";
        if (!Contracts.Identifiers.IsValid(request.FeedId)) return $"feed_id '{Truncate(request.FeedId)}' does not match {Contracts.Identifiers.Pattern}";
        if (request.Sequence == 0) return "sequence must be at least 1";
        if (request.Observations.Count > limits.MaxObservationsPerBatch)
            return $"{request.Observations.Count} observations in one batch; at most {limits.MaxObservationsPerBatch}";
        if (lastSequence.TryGetValue(request.FeedId, out var last) && request.Sequence != last + 1)
            return $"sequence {request.Sequence} follows {last} on this stream; sequences must grow by exactly one per batch";
        lastSequence[request.FeedId] = request.Sequence;
        return null;
    }

    private static RpcException Invalid(ulong sequence, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"batch {sequence}: {problem}"),
            new Metadata { { SequenceTrailer, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
