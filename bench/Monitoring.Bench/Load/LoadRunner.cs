using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Bench.Harness;
using Monitoring.Bench.Workloads;
using Monitoring.Client;

namespace Monitoring.Bench.Load;

/// <summary>
/// The load generator: one <see cref="FeedPublisher"/> per feed (the reference client: sequences, window,
/// durable acks), each sending the workload's batches as fast as its window allows or at a set rate.
/// Ack latency is timed from the moment a batch is queued for sending to its durable ack; detection
/// latency from the moment a batch carrying a trigger is queued to the trigger's event on a Watch stream
/// (an upper bound of receipt → event: it includes the trip to the gateway).
/// </summary>
public sealed class LoadRunner(LoadOptions options, Action<LoadProgress> progress, Action<string>? mark = null)
{
    private readonly Latencies _ack = new();
    private readonly Latencies _detection = new();
    private readonly ConcurrentDictionary<string, Trigger> _pending = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private long _measureFrom, _measureTo = long.MaxValue;
    private long _acked, _ackedInWindow, _rejectedInWindow, _batchesInWindow;
    private int _late;

    /// <summary>A trigger sent and not yet seen on the Watch stream: when its batch was queued (0: not yet), and what it does.</summary>
    private sealed class Trigger(bool opens)
    {
        public long QueuedAt;

        public bool Opens { get; } = opens;
    }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var workload = new Workload(options.Shape.Workload, options.Shape.Nodes, options.Shape.Lanes, options.Shape.Feeds);
        var runTag = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        using var watchChannel = options.Watch ? GrpcChannels.Create(options.Target) : null;
        Task watching = Task.CompletedTask;
        if (watchChannel is not null)
        {
            var subjects = Enumerable.Range(0, options.Shape.Feeds).SelectMany(workload.TriggerNodes).ToList();
            watching = await StartWatchAsync(watchChannel, subjects, stop.Token);
        }

        var publishers = Enumerable.Range(0, options.Shape.Feeds).Select(f => new FeedPublisher(new FeedPublisherOptions
        {
            Endpoints = [options.Target],
            FeedId = Workload.FeedId(f),
            ApiKey = options.ApiKey,
            MaxInFlight = options.Shape.MaxInFlight,
        })).ToList();

        _clock.Start();
        _measureFrom = Ticks(options.Shape.Warmup);
        _measureTo = Ticks(options.Shape.Warmup + options.Shape.Duration);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var senders = publishers.Select((p, f) => SendAsync(p, workload.ForFeed(f, runTag, options.Seed + f), f, stop.Token)).ToList();
        var reporting = ReportAsync(publishers, stop.Token);
        try
        {
            // The harness takes its own readings (CPU, Redis, GC) at these marks: the same window as the load's.
            await DelayUntil(options.Shape.Warmup, cancellationToken);
            mark?.Invoke(LoadProtocol.WindowStart);
            await DelayUntil(options.Shape.Warmup + options.Shape.Duration, cancellationToken);
            mark?.Invoke(LoadProtocol.WindowEnd);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        await IgnoreCancellation(Task.WhenAll(senders));
        await IgnoreCancellation(reporting);
        await IgnoreCancellation(watching);
        foreach (var publisher in publishers) await publisher.DisposeAsync();

        var seconds = options.Shape.Duration.TotalSeconds;
        var acked = Interlocked.Read(ref _ackedInWindow);
        return new LoadResult(seconds, Interlocked.Read(ref _batchesInWindow), acked, Interlocked.Read(ref _rejectedInWindow), acked / seconds,
            _ack.Summary(), _detection.Summary(), _late, cpu, allocated);
    }

    private async Task SendAsync(FeedPublisher publisher, FeedBatches batches, int feed, CancellationToken token)
    {
        var perFeed = options.Shape.Rate > 0 ? options.Shape.Rate / options.Shape.Feeds : 0;
        var interval = perFeed > 0 ? TimeSpan.FromSeconds(Workload.ObservationsPerBatch / perFeed) : TimeSpan.Zero;
        // Feeds start spread over one interval, so paced batches do not arrive in bursts of four.
        var due = _clock.Elapsed + interval * feed / options.Shape.Feeds;
        while (!token.IsCancellationRequested)
        {
            if (interval > TimeSpan.Zero)
            {
                var wait = due - _clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, token);
                due += interval;
            }
            var batch = batches.Next(DateTimeOffset.UtcNow);
            // Paced: latencies count from the time the batch was due, so a platform that falls behind is
            // charged for the wait too (no coordinated omission). Flat out: from when the publisher takes it.
            var scheduledAt = interval > TimeSpan.Zero ? Math.Max(1, Ticks(due - interval)) : 0;
            Trigger? trigger = null;
            if (options.Watch && batches.LastTrigger is { } t)
            {
                trigger = new Trigger(t.Opens) { QueuedAt = scheduledAt };
                // The node's previous trigger was never seen: it is late (counted, not timed).
                if (_pending.TryGetValue(t.Node, out var previous) && previous.QueuedAt > 0) Late(previous);
                _pending[t.Node] = trigger;
            }
            Task<PublishAck> acked;
            try
            {
                acked = await publisher.EnqueueAsync(batch, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var queuedAt = scheduledAt > 0 ? scheduledAt : _clock.ElapsedTicks;
            if (trigger is not null) Interlocked.CompareExchange(ref trigger.QueuedAt, queuedAt, 0);
            _ = acked.ContinueWith(task => Acked(task, queuedAt), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Acked(Task<PublishAck> task, long queuedAt)
    {
        if (!task.IsCompletedSuccessfully) return;
        var now = _clock.ElapsedTicks;
        var ack = task.Result;
        Interlocked.Add(ref _acked, ack.Accepted);
        if (now < _measureFrom || now > _measureTo) return;
        Interlocked.Add(ref _ackedInWindow, ack.Accepted);
        Interlocked.Add(ref _rejectedInWindow, ack.Rejected.Count);
        Interlocked.Increment(ref _batchesInWindow);
        _ack.Add(Milliseconds(now - queuedAt));
    }

    /// <summary>A trigger's node was due again before its event came (after a whole round of the feed's trigger nodes).</summary>
    private void Late(Trigger trigger)
    {
        var now = _clock.ElapsedTicks;
        if (now < _measureFrom || now > _measureTo) return;
        Interlocked.Increment(ref _late);
    }

    private async Task<Task> StartWatchAsync(Grpc.Net.Client.GrpcChannel channel, IReadOnlyList<string> subjects, CancellationToken token)
    {
        var client = new MonitoringService.MonitoringServiceClient(channel);
        var headers = string.IsNullOrEmpty(options.ApiKey) ? [] : new Metadata { { "authorization", $"Bearer {options.ApiKey}" } };
        var request = new WatchRequest();
        request.SubjectIds.AddRange(subjects);
        var call = client.Watch(request, headers, cancellationToken: token);
        await call.ResponseHeadersAsync;
        return ReadEventsAsync(call, token);
    }

    private async Task ReadEventsAsync(AsyncServerStreamingCall<MonitoringEvent> call, CancellationToken token)
    {
        using (call)
        {
            while (await call.ResponseStream.MoveNext(token))
            {
                var e = call.ResponseStream.Current;
                if (e.Type is not (EventType.DisruptionOpened or EventType.DisruptionCleared) || e.Disruption is null) continue;
                if (!_pending.TryGetValue(e.Disruption.SubjectId, out var trigger)) continue;
                // Only the event this trigger causes: a late one from the node's previous trigger has the other type,
                // and a trigger whose batch is not stamped yet cannot have caused anything.
                if (trigger.Opens != (e.Type == EventType.DisruptionOpened) || Interlocked.Read(ref trigger.QueuedAt) == 0) continue;
                if (!_pending.TryRemove(new KeyValuePair<string, Trigger>(e.Disruption.SubjectId, trigger))) continue;
                var now = _clock.ElapsedTicks;
                if (now >= _measureFrom && now <= _measureTo) _detection.Add(Milliseconds(now - trigger.QueuedAt));
            }
        }
    }

    private async Task ReportAsync(IReadOnlyList<FeedPublisher> publishers, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = 0L;
        var lastAt = _clock.Elapsed;
        while (await timer.WaitForNextTickAsync(token))
        {
            var acked = Interlocked.Read(ref _acked);
            var now = _clock.Elapsed;
            var recent = _ack.TakeRecent();
            progress(new LoadProgress(now.TotalSeconds, _clock.ElapsedTicks >= _measureFrom, (acked - last) / (now - lastAt).TotalSeconds,
                recent.P50, recent.P99, _detection.Count, publishers.Sum(p => p.Unacked)));
            (last, lastAt) = (acked, now);
        }
    }

    private Task DelayUntil(TimeSpan at, CancellationToken token)
    {
        var wait = at - _clock.Elapsed;
        return wait > TimeSpan.Zero ? Task.Delay(wait, token) : Task.CompletedTask;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled })
        {
        }
    }
}
