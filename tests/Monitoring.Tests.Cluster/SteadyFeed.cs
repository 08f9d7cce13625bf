using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Monitoring.Api.V1;
using Monitoring.Client;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// A provider publishing at a steady rate through the client library (which reconnects, fails over to the
/// next gateway and resends what is not acked): one reading per node per batch. Counts, per node, the
/// observations of every batch acked, and when acks arrived, to compare with what the platform applied.
/// </summary>
public sealed class SteadyFeed : IAsyncDisposable
{
    private readonly FeedPublisher _publisher;
    private readonly IReadOnlyList<string> _nodes;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _acked = new();
    private readonly ConcurrentQueue<TimeSpan> _acks = new();
    private readonly List<Task> _pending = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task? _loop;
    private long _sent;

    public SteadyFeed(string feedId, IReadOnlyList<Uri> gateways, IReadOnlyList<string> nodes, TimeSpan interval)
    {
        _nodes = nodes;
        _interval = interval;
        _publisher = new FeedPublisher(new FeedPublisherOptions
        {
            Endpoints = gateways, FeedId = feedId, ApiKey = LocalCluster.AdminKey, MaxInFlight = 16,
            InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(2),
        });
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public long Sent => Interlocked.Read(ref _sent);

    public IReadOnlyDictionary<string, long> Acked => _acked;

    public FeedPublisherStatistics Statistics => _publisher.Statistics;

    /// <summary>Times (since the feed started) at which acks arrived, in order.</summary>
    public IReadOnlyList<TimeSpan> AckTimes => [.. _acks];

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="count"/> acks arrived after <paramref name="after"/> (since the start).</summary>
    public Task WaitForAcksAsync(int count, TimeSpan after, TimeSpan timeout, string what) =>
        Poll.UntilAsync(() => Task.FromResult(_acks.Count(t => t > after) >= count), timeout, what);

    private async Task RunAsync()
    {
        var value = 500.0;
        while (!_stop.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow;
            value = value >= 900 ? 500 : value + 1;
            var observations = _nodes.Select(n => new Observation
            {
                ObservedAt = Timestamp.FromDateTimeOffset(now),
                Measurement = new NodeMeasurement { NodeId = n, Metric = Metric.OutputTpd, Value = value },
            }).ToList();
            var ack = await _publisher.EnqueueAsync(observations);
            Interlocked.Add(ref _sent, observations.Count);
            lock (_pending) _pending.Add(Count(ack, observations));
            try
            {
                await Task.Delay(_interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task Count(Task<PublishAck> ack, IReadOnlyList<Observation> observations)
    {
        await ack;
        _acks.Enqueue(_clock.Elapsed);
        foreach (var o in observations) _acked.AddOrUpdate(o.Measurement.NodeId, 1, (_, n) => n + 1);
    }

    /// <summary>Stops publishing and waits until every batch sent is acked.</summary>
    public async Task StopAndFlushAsync(TimeSpan timeout)
    {
        _stop.Cancel();
        if (_loop is not null) await _loop;
        Task[] pending;
        lock (_pending) pending = [.. _pending];
        await Task.WhenAll(pending).WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _publisher.DisposeAsync();
    }
}
