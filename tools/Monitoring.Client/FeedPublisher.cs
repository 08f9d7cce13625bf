using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Api.V1;

namespace Monitoring.Client;

/// <summary>
/// Publishes one feed over a long-lived FeedService.Publish stream: numbers batches with consecutive
/// sequences, keeps every batch until an ack says it is durable, and after a disconnect reconnects
/// (next endpoint, exponential backoff with jitter) and resends what is not acked, in order. The
/// platform recognises resent batches, so nothing is lost and nothing is counted twice.
/// </summary>
public sealed class FeedPublisher : IAsyncDisposable
{
    private readonly FeedPublisherOptions _options;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly LinkedList<PendingBatch> _unacked = new();
    private readonly SemaphoreSlim _window;
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<Uri, GrpcChannel> _channels = [];
    private readonly Task _loop;
    private ulong _nextSequence;
    private ulong _highestWritten;
    private Exception? _fault;
    private int _endpointIndex;
    private int _disposed;

    private long _batchesAcked, _observationsAccepted, _observationsRejected, _duplicates, _resent, _reconnects;

    public FeedPublisher(FeedPublisherOptions options, ILogger? logger = null)
    {
        if (options.Endpoints.Count == 0) throw new ArgumentException("at least one endpoint is required", nameof(options));
        if (!FeedIds.IsValid(options.FeedId))
            throw new ArgumentException($"feed id '{options.FeedId}' does not match {FeedIds.Pattern}", nameof(options));
        if (options.MaxInFlight is < 1 or > FeedPublisherOptions.MaxInFlightLimit)
            throw new ArgumentException($"MaxInFlight must be 1..{FeedPublisherOptions.MaxInFlightLimit}", nameof(options));
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _window = new SemaphoreSlim(options.MaxInFlight);
        _nextSequence = options.FirstSequence ?? (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        if (_nextSequence == 0) throw new ArgumentException("sequences start at 1", nameof(options));
        _loop = Task.Run(RunAsync);
    }

    public string FeedId => _options.FeedId;

    /// <summary>Batches written but not yet durably acked.</summary>
    public int Unacked { get { lock (_lock) return _unacked.Count; } }

    public FeedPublisherStatistics Statistics => new(
        Interlocked.Read(ref _batchesAcked), Interlocked.Read(ref _observationsAccepted), Interlocked.Read(ref _observationsRejected),
        Interlocked.Read(ref _duplicates), Interlocked.Read(ref _resent), Interlocked.Read(ref _reconnects));

    /// <summary>Publishes a batch and waits for its durable ack.</summary>
    /// <remarks>
    /// Cancelling abandons the wait, not the batch: once queued it is sent and applied. Retrying after a
    /// cancellation would publish the observations again under a new sequence. The publisher keeps the
    /// observation objects until they are acked: do not change them after publishing.
    /// </remarks>
    public async Task<PublishAck> PublishAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken = default)
    {
        var ack = await EnqueueAsync(observations, cancellationToken).ConfigureAwait(false);
        return await ack.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a batch, waiting only while <see cref="FeedPublisherOptions.MaxInFlight"/> batches are
    /// pending; returns a task that completes with the batch's durable ack.
    /// </summary>
    public async Task<Task<PublishAck>> EnqueueAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken = default)
    {
        if (observations.Count > _options.MaxObservationsPerBatch)
            throw new ArgumentException($"a batch holds at most {_options.MaxObservationsPerBatch} observations (got {observations.Count})", nameof(observations));
        ThrowIfStopped();
        // Build the request first: nothing after taking a sequence number may fail, or the stream would have a gap.
        var request = new PublishRequest { FeedId = _options.FeedId };
        request.Observations.AddRange(observations);
        var batch = new PendingBatch(request);
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_fault is not null || _stopping.IsCancellationRequested)
            {
                _window.Release();
                ThrowIfStopped();
            }
            request.Sequence = _nextSequence++;
            _unacked.AddLast(batch);
        }
        Signal();
        return batch.Completion.Task;
    }

    /// <summary>Waits until every queued batch is durably acked.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task[] pending;
        lock (_lock) pending = _unacked.Select(b => (Task)b.Completion.Task).ToArray();
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Fail(new ObjectDisposedException(nameof(FeedPublisher), "the publisher was disposed before the batch was acked"));
        foreach (var channel in _channels.Values) channel.Dispose();
        _stopping.Dispose();
    }

    private void ThrowIfStopped()
    {
        if (_fault is not null) throw new InvalidOperationException($"feed {_options.FeedId} stopped after an unrecoverable error: {_fault.Message}", _fault);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var endpoint = _options.Endpoints[_endpointIndex % _options.Endpoints.Count];
            try
            {
                await StreamAsync(endpoint, () => failures = 0, token).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // Disposed: the call was cancelled on purpose (gRPC reports it as an RpcException).
                return;
            }
            catch (RpcException e) when (!IsRetriable(e.StatusCode))
            {
                _logger.LogError("feed {Feed}: {Endpoint} refused the stream ({Status}: {Detail}); giving up", _options.FeedId, endpoint, e.StatusCode, e.Status.Detail);
                _fault = e;
                Fail(e);
                return;
            }
            catch (Exception e)
            {
                failures++;
                _endpointIndex++;
                Interlocked.Increment(ref _reconnects);
                var delay = Backoff(failures);
                var detail = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
                _logger.LogWarning("feed {Feed}: stream to {Endpoint} failed ({Detail}); reconnecting in {Delay} ms and resending {Unacked} unacked batches",
                    _options.FeedId, endpoint, detail, (int)delay.TotalMilliseconds, Unacked);
                try
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task StreamAsync(Uri endpoint, Action onAck, CancellationToken token)
    {
        using var streamCts = CancellationTokenSource.CreateLinkedTokenSource(token);
        var client = new FeedService.FeedServiceClient(Channel(endpoint));
        using var call = client.Publish(Headers(), cancellationToken: streamCts.Token);
        var reading = ReadAcksAsync(call, onAck, streamCts.Token);
        var writing = WriteBatchesAsync(call, streamCts.Token);
        var first = await Task.WhenAny(reading, writing).ConfigureAwait(false);
        streamCts.Cancel();
        try
        {
            await Task.WhenAll(reading, writing).ConfigureAwait(false);
        }
        catch when (first.IsFaulted || first.IsCanceled)
        {
            // Surface the error that ended the stream, not the cancellation it caused in the other loop.
            await first.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
        }
    }

    private async Task WriteBatchesAsync(AsyncDuplexStreamingCall<PublishRequest, PublishAck> call, CancellationToken token)
    {
        ulong next;
        lock (_lock) next = _unacked.First?.Value.Request.Sequence ?? _nextSequence;
        while (true)
        {
            PublishRequest? request = null;
            lock (_lock)
            {
                foreach (var batch in _unacked)
                {
                    if (batch.Request.Sequence < next) continue;
                    request = batch.Request;
                    break;
                }
            }
            if (request is null)
            {
                await _work.WaitAsync(token).ConfigureAwait(false);
                continue;
            }
            await call.RequestStream.WriteAsync(request, token).ConfigureAwait(false);
            if (request.Sequence <= _highestWritten) Interlocked.Increment(ref _resent);
            else _highestWritten = request.Sequence;
            next = request.Sequence + 1;
        }
    }

    private async Task ReadAcksAsync(AsyncDuplexStreamingCall<PublishRequest, PublishAck> call, Action onAck, CancellationToken token)
    {
        while (await call.ResponseStream.MoveNext(token).ConfigureAwait(false))
        {
            onAck();
            Acknowledge(call.ResponseStream.Current);
        }
        throw new RpcException(new Status(StatusCode.Unavailable, "the gateway ended the stream"));
    }

    private void Acknowledge(PublishAck ack)
    {
        List<(PendingBatch Batch, PublishAck Ack)>? done = null;
        lock (_lock)
        {
            foreach (var batch in _unacked)
            {
                if (batch.Request.Sequence != ack.Sequence) continue;
                batch.Ack = ack;
                break;
            }
            while (_unacked.First is { } first && first.Value.Request.Sequence <= ack.DurableSequence)
            {
                (done ??= []).Add((first.Value, first.Value.Ack ?? ack));
                _unacked.RemoveFirst();
            }
        }
        if (done is null) return;
        foreach (var (batch, batchAck) in done)
        {
            Interlocked.Increment(ref _batchesAcked);
            if (batchAck.Duplicate)
            {
                Interlocked.Increment(ref _duplicates);
            }
            else
            {
                Interlocked.Add(ref _observationsAccepted, batchAck.Accepted);
                Interlocked.Add(ref _observationsRejected, batchAck.Rejected.Count);
            }
            _window.Release();
            batch.Completion.TrySetResult(batchAck);
        }
    }

    /// <summary>Wakes the writer; one pending permit is enough however many batches arrived.</summary>
    private void Signal()
    {
        if (_work.CurrentCount == 0) _work.Release();
    }

    private async Task WaitForWorkAsync(CancellationToken token)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_unacked.Count > 0) return;
            }
            await _work.WaitAsync(token).ConfigureAwait(false);
        }
    }

    private void Fail(Exception error)
    {
        List<PendingBatch> failed;
        lock (_lock)
        {
            failed = [.. _unacked];
            _unacked.Clear();
        }
        foreach (var batch in failed)
        {
            _window.Release();
            batch.Completion.TrySetException(error);
        }
    }

    private Metadata Headers()
    {
        var headers = new Metadata();
        if (!string.IsNullOrEmpty(_options.ApiKey)) headers.Add("authorization", $"Bearer {_options.ApiKey}");
        return headers;
    }

    private GrpcChannel Channel(Uri endpoint)
    {
        if (_channels.TryGetValue(endpoint, out var channel)) return channel;
        channel = GrpcChannels.Create(endpoint, _options.TrustedCertificate);
        _channels[endpoint] = channel;
        return channel;
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    /// <summary>Failures worth a reconnect; anything else is a mistake resending cannot fix.</summary>
    public static bool IsRetriable(StatusCode code) => code is
        StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded or
        StatusCode.Aborted or StatusCode.ResourceExhausted or StatusCode.Cancelled;

    private sealed class PendingBatch(PublishRequest request)
    {
        public PublishRequest Request { get; } = request;
        public PublishAck? Ack { get; set; }
        public TaskCompletionSource<PublishAck> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
