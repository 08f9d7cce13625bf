using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Monitoring.Api.V1;
using Monitoring.Domain.Subjects;
using Monitoring.Gateway.Api;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// FeedService.Publish: a reader loop validates each batch and starts applying it; a single writer
/// loop awaits the batches in order and writes their acks. At most MaxInFlightBatchesPerStream
/// batches are applied at once; beyond that the stream is not read (backpressure, not buffering).
/// </summary>
public sealed class FeedGrpcService(
    BatchApplier applier,
    FeedActivityRecorder feeds,
    ProviderLimits providerLimits,
    IOptions<IngestOptions> options,
    IOptionsMonitor<Security.AuthOptions> auth,
    Security.RuntimeKeys runtimeKeys,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FeedGrpcService> logger)
    : FeedService.FeedServiceBase
{
    /// <summary>Trailer naming the sequence of the batch a stream failed on.</summary>
    public const string SequenceTrailer = "monitoring-sequence";

    /// <summary>Trailer of a RESOURCE_EXHAUSTED refusal: milliseconds to wait before resending.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    /// <summary>Providers publish to their own feeds, about their own subjects; admins anything (docs/security.md).</summary>
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Security.Policies.Publish)]
    public override async Task Publish(IAsyncStreamReader<PublishRequest> requestStream, IServerStreamWriter<PublishAck> responseStream, ServerCallContext context)
    {
        var scope = Security.ApiKeyAuthenticationHandler.PublishScope(context.GetHttpContext().User);
        var owner = scope.Role == Security.Roles.Admin ? null : scope.Owner;
        // Providers are limited; admins (operators, the demo simulator) are not.
        var limited = scope.Role == Security.Roles.Provider ? context.GetHttpContext().User.Identity?.Name : null;
        if (limited is not null && !providerLimits.TryOpenStream(limited, out var maxStreams))
        {
            throw GrpcErrors.ResourceExhausted($"this key already has {maxStreams} Publish streams open; use one stream per feed, or close one",
                TimeSpan.FromSeconds(1), new Metadata { { RetryAfterTrailer, "1000" } });
        }
        try
        {
            await PublishAsync(requestStream, responseStream, context, scope, owner, limited);
        }
        finally
        {
            if (limited is not null) providerLimits.CloseStream(limited);
        }
    }

    private async Task PublishAsync(IAsyncStreamReader<PublishRequest> requestStream, IServerStreamWriter<PublishAck> responseStream, ServerCallContext context,
        Security.ApiKeyOptions scope, string? owner, string? limited)
    {
        var limits = options.Value;
        // Every provider's owner, read once per stream: a feed named after a longer owner is that provider's.
        IReadOnlyList<string> owners = scope.Role == Security.Roles.Provider ? [.. auth.CurrentValue.Keys.Values.Select(k => k.Owner), .. runtimeKeys.Owners] : [];
        // Reading stops when the client leaves, a batch fails, or the gateway shuts down; acks of
        // batches already read are still written while the client listens.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var inFlight = Channel.CreateBounded<(ulong Sequence, Task<PublishAck> Ack)>(
            new BoundedChannelOptions(limits.MaxInFlightBatchesPerStream) { SingleReader = true, SingleWriter = true });
        var writer = WriteAcksAsync(inFlight.Reader, responseStream, reading, context.CancellationToken);

        RpcException? refusal = null;
        var order = new PublishStreamOrder();
        var lastSequence = new Dictionary<string, ulong>(StringComparer.Ordinal);
        // Each feed's epoch, read when the stream first sends it.
        var epochs = new Dictionary<string, int>(StringComparer.Ordinal);
        int? maxDeclared = limited is null ? null : providerLimits.MaxDeclared(limited);
        try
        {
            while (await requestStream.MoveNext(reading.Token))
            {
                var request = requestStream.Current;
                var receivedAt = time.GetUtcNow();
                var firstOfFeed = !lastSequence.ContainsKey(request.FeedId);
                if (PublishBatchRules.Check(request, lastSequence, limits) is { } problem)
                {
                    refusal = GrpcErrors.InvalidArgument($"batch {request.Sequence}: {problem.Description}", [problem], SequenceTrailers(request.Sequence));
                    break;
                }
                if (!scope.MayPublish(request.FeedId, owners))
                {
                    refusal = WithSequence(StatusCode.PermissionDenied, $"batch {request.Sequence}: this key may not publish to feed '{request.FeedId}' (a provider publishes to its own feeds: docs/security.md)", request.Sequence);
                    break;
                }
                if (limited is not null && !providerLimits.TryUseFeed(limited, request.FeedId, time.GetUtcNow(), out var feedQuota))
                {
                    refusal = WithSequence(StatusCode.ResourceExhausted,
                        $"batch {request.Sequence}: this key already publishes to {feedQuota} feeds (Ingest:MaxFeedsPerProvider); use one of them, or ask for a higher quota", request.Sequence);
                    break;
                }
                if (limited is not null && !providerLimits.TryTake(limited, request.Observations.Count, request.CalculateSize(), out var retryAfter, out var budget))
                {
                    var wait = ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
                    var trailers = SequenceTrailers(request.Sequence);
                    trailers.Add(RetryAfterTrailer, wait);
                    refusal = GrpcErrors.ResourceExhausted(
                        $"batch {request.Sequence}: over this key's {budget}; resend from sequence {request.Sequence} after {wait} ms", retryAfter, trailers);
                    break;
                }
                if (firstOfFeed)
                {
                    // Later batches of the feed on this stream follow this one by one, so one look per feed and stream is enough
                    // (the subjects check every batch too).
                    var position = await PositionAsync(request.FeedId);
                    if (FeedSequenceWindow.IsBelow(request.Sequence, position.Highest))
                    {
                        refusal = new SequenceBelowWindowException(request.FeedId, request.Sequence, position.Highest).ToRpcException();
                        break;
                    }
                    epochs[request.FeedId] = position.Epoch;
                }
                // Wait for room before starting the batch, so no more than the limit are applied at once.
                await inFlight.Writer.WaitToWriteAsync(reading.Token);
                inFlight.Writer.TryWrite((request.Sequence, applier.ApplyAsync(request, receivedAt, order, owner, epochs[request.FeedId], maxDeclared)));
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
            // The client went away, the gateway is stopping, or the writer failed (it reports why).
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            // For example a message over the size limit.
            refusal = e;
        }
        catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException || IsOversizedLength(e))
        {
            // Not gRPC framing, or not a PublishRequest: a client bug that resending will not fix.
            refusal = new RpcException(new Status(StatusCode.InvalidArgument,
                $"a message on this stream is not a valid PublishRequest ({e.Message}); batches before it were acknowledged"));
        }
        catch (Exception e)
        {
            var reference = Reference();
            logger.LogWarning(e, "reading a Publish stream failed (reference {Reference})", reference);
            refusal = new RpcException(new Status(StatusCode.Unavailable, $"reading the stream failed (reference {reference} in the gateway log); reconnect and resend unacked batches"));
        }
        finally
        {
            inFlight.Writer.TryComplete();
        }

        // Ack every batch read before the problem, then report it.
        if (await writer is { } failure) throw failure;
        if (refusal is not null)
        {
            logger.LogInformation("feed stream from {Peer} refused: {Detail}", context.Peer, refusal.Status.Detail);
            throw refusal;
        }
        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the gateway is shutting down; reconnect (to another gateway) and resend unacked batches"));
        }
    }

    /// <summary>
    /// The feed's position from the cluster's directory; if it cannot be read, none (its subjects still check every
    /// batch, and a reset feed's streams are sent to reconnect), so that publishing does not stop with the directory.
    /// </summary>
    private async Task<Contracts.FeedPosition> PositionAsync(string feedId)
    {
        try
        {
            return await feeds.PositionAsync(feedId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "could not read the position of feed {Feed}; its subjects check its sequences alone", feedId);
            return new Contracts.FeedPosition(0, 0);
        }
    }

    /// <summary>The gRPC library's refusal of a length prefix beyond 2 GB (an IOException, unlike the one for 16 MB).</summary>
    private static bool IsOversizedLength(Exception e) => e is IOException && e.Message.StartsWith("Message too large", StringComparison.Ordinal);

    /// <summary>Writes acks in order until the channel completes; returns the error that ended the stream, if any. Observes every batch.</summary>
    private async Task<RpcException?> WriteAcksAsync(
        ChannelReader<(ulong Sequence, Task<PublishAck> Ack)> acks,
        IServerStreamWriter<PublishAck> responses,
        CancellationTokenSource reading,
        CancellationToken client)
    {
        RpcException? failure = null;
        var clientGone = false;
        await foreach (var (sequence, pending) in acks.ReadAllAsync(CancellationToken.None))
        {
            if (failure is not null || clientGone)
            {
                // Nobody will read these acks; the batches still complete in the grains and a resend is a duplicate.
                _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                continue;
            }
            try
            {
                var ack = await pending;
                await responses.WriteAsync(ack, client);
            }
            catch (Exception) when (client.IsCancellationRequested)
            {
                clientGone = true;
            }
            catch (SequenceBelowWindowException e)
            {
                reading.Cancel();
                failure = e.ToRpcException();
            }
            catch (Exception e)
            {
                reading.Cancel();
                // The provider learns what to do and a reference; the exception (grain ids, silo addresses) stays in the log.
                var reference = Reference();
                logger.LogWarning(e, "batch {Sequence} could not be applied (reference {Reference}); ending the stream so the provider resends", sequence, reference);
                var why = e is TimeoutException ? "the cluster did not answer in time" : "the cluster could not apply it";
                failure = WithSequence(StatusCode.Unavailable,
                    $"batch {sequence} could not be applied: {why} (reference {reference} in the gateway log); reconnect and resend from sequence {sequence}", sequence);
            }
        }
        return failure;
    }

    /// <summary>A short reference tying a provider's error message to the gateway's log line.</summary>
    private static string Reference() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    private static RpcException WithSequence(StatusCode code, string detail, ulong sequence) => new(new Status(code, detail), SequenceTrailers(sequence));

    /// <summary>The trailer naming the batch a stream failed on.</summary>
    internal static Metadata SequenceTrailers(ulong sequence) => new() { { SequenceTrailer, sequence.ToString(CultureInfo.InvariantCulture) } };
}
