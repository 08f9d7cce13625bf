using Microsoft.Extensions.Logging;
using Monitoring.Api.V1;
using Monitoring.Client;

namespace Monitoring.Simulator;

/// <summary>Feeds a topology's simulated observations to a gateway, one publisher per provider feed.</summary>
public sealed class DemoRunner(DemoRunnerOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DemoRunner>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task RunAsync(Topology topology, CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow();
        var simulator = new DemoSimulator(topology, options.Script, start, leaveAlone: options.LeaveAlone);
        foreach (var missing in simulator.MissingSubjects)
        {
            _logger.LogWarning("demo: scripted incidents on '{Subject}' are skipped: the topology has no such node or lane, or its provider is left alone", missing);
        }
        if (options.LeaveAlone.Count > 0)
            _logger.LogInformation("demo: the nodes and lanes of {Providers} are left to their providers", string.Join(", ", options.LeaveAlone.Order(StringComparer.Ordinal)));
        _logger.LogInformation("demo: simulating {Nodes} nodes and {Lanes} lanes every {Interval} s; first incident at +{First} s",
            topology.Nodes.Count, topology.Lanes.Count, options.Interval.TotalSeconds,
            options.Script.Incidents.Select(i => i.At.TotalSeconds).DefaultIfEmpty(0).Min());

        var publishers = new Dictionary<string, FeedPublisher>(StringComparer.Ordinal);
        var publisherLogger = loggerFactory.CreateLogger<FeedPublisher>();
        var lastProgress = start;
        var announced = new HashSet<string>();
        long observations = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Duration is { } duration) stop.CancelAfter(duration);
        using var timer = new PeriodicTimer(options.Interval, _time);
        try
        {
            do
            {
                var now = _time.GetUtcNow();
                foreach (var incident in simulator.ActiveIncidents(now).Where(i => announced.Add(i.Name)))
                {
                    _logger.LogInformation("demo: incident '{Incident}' starts on {Subject} ({Message})", incident.Name, incident.SubjectId,
                        incident.Message.Length > 0 ? incident.Message : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"output at {incident.OutputFactor * 100:0} %, undeclared"));
                }
                announced.IntersectWith(simulator.ActiveIncidents(now).Select(i => i.Name));

                foreach (var batch in simulator.Tick(now))
                {
                    if (!publishers.TryGetValue(batch.FeedId, out var publisher))
                    {
                        publisher = new FeedPublisher(new FeedPublisherOptions { Endpoints = options.Endpoints, FeedId = batch.FeedId, ApiKey = options.ApiKey, TrustedCertificate = options.TrustedCertificate }, publisherLogger);
                        publishers[batch.FeedId] = publisher;
                    }
                    var ack = await publisher.EnqueueAsync(batch.Observations, stop.Token);
                    observations += batch.Observations.Count;
                    _ = ack.ContinueWith(t => LogRejections(batch.FeedId, t), TaskScheduler.Default);
                }

                if (now - lastProgress >= options.ProgressInterval)
                {
                    lastProgress = now;
                    LogProgress(publishers.Values, observations, simulator.ActiveIncidents(now));
                }
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            LogProgress(publishers.Values, observations, []);
            foreach (var publisher in publishers.Values) await publisher.DisposeAsync();
        }
    }

    private void LogRejections(string feedId, Task<PublishAck> ack)
    {
        if (ack.IsCompletedSuccessfully && ack.Result.Rejected.Count > 0)
        {
            var first = ack.Result.Rejected[0];
            _logger.LogWarning("demo: feed {Feed} batch {Sequence}: {Count} observations rejected, first [{Index}] {Code}: {Message}",
                feedId, ack.Result.Sequence, ack.Result.Rejected.Count, first.Index, first.Code, first.Message);
        }
        else if (ack.IsFaulted && ack.Exception?.InnerException is not ObjectDisposedException)
        {
            _logger.LogWarning("demo: feed {Feed}: batch failed: {Error}", feedId, ack.Exception?.InnerException?.Message);
        }
    }

    private void LogProgress(IEnumerable<FeedPublisher> publishers, long observations, IReadOnlyList<ScriptedIncident> incidents)
    {
        var stats = publishers.Select(p => p.Statistics).ToList();
        _logger.LogInformation(
            "demo: {Observations} observations sent in {Feeds} feeds; acked {Accepted} accepted, {Rejected} rejected; {Reconnects} reconnects; incidents now: {Incidents}",
            observations, stats.Count, stats.Sum(s => s.ObservationsAccepted), stats.Sum(s => s.ObservationsRejected), stats.Sum(s => s.Reconnects),
            incidents.Count == 0 ? "none" : string.Join(", ", incidents.Select(i => i.Name)));
    }
}
