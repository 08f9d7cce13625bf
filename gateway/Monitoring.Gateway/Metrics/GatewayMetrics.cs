using System.Diagnostics.Metrics;

namespace Monitoring.Gateway.Metrics;

/// <summary>The gateway's meter, "Monitoring.Gateway" (docs/metrics.md).</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Monitoring.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _observations;
    private readonly Counter<long> _batches;
    private readonly Histogram<double> _applySeconds;
    private readonly Histogram<double> _detectionLatency;
    private readonly Histogram<double> _timeToAcknowledge;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _observations = _meter.CreateCounter<long>("monitoring.observations", description: "Observations received, by result (accepted, rejected, duplicate) and rejection reason");
        _batches = _meter.CreateCounter<long>("monitoring.publish.batches", description: "Batches received on FeedService.Publish");
        _applySeconds = _meter.CreateHistogram<double>("monitoring.ingest.apply", unit: "s", description: "Time from receiving a batch to its ack being ready",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _detectionLatency = _meter.CreateHistogram<double>("monitoring.detection.latency", unit: "s", description: "Time from receiving the batch that triggered a disruption change to its event reaching this gateway",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _timeToAcknowledge = _meter.CreateHistogram<double>("monitoring.disruption.time_to_acknowledge", unit: "s", description: "Time from a disruption opening to an operator acknowledging it (recorded by the gateway that took the acknowledgement)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400] });
    }

    public void BatchApplied(int accepted, int duplicates, IEnumerable<string> rejectionCodes, TimeSpan elapsed)
    {
        _batches.Add(1);
        if (accepted > 0) _observations.Add(accepted, new KeyValuePair<string, object?>("result", "accepted"), new KeyValuePair<string, object?>("reason", ""));
        if (duplicates > 0) _observations.Add(duplicates, new KeyValuePair<string, object?>("result", "duplicate"), new KeyValuePair<string, object?>("reason", ""));
        foreach (var group in rejectionCodes.GroupBy(c => c))
        {
            _observations.Add(group.Count(), new KeyValuePair<string, object?>("result", "rejected"), new KeyValuePair<string, object?>("reason", group.Key));
        }
        _applySeconds.Record(elapsed.TotalSeconds);
    }

    public void EventReceived(TimeSpan sinceTrigger) => _detectionLatency.Record(Math.Max(0, sinceTrigger.TotalSeconds));

    public void DisruptionAcknowledged(TimeSpan sinceOpened) => _timeToAcknowledge.Record(Math.Max(0, sinceOpened.TotalSeconds));
}
