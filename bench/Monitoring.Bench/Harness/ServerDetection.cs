namespace Monitoring.Bench.Harness;

/// <summary>Detections counted by the gateway in the window; percentiles as the upper bound of their histogram bucket.</summary>
public sealed record ServerDetection(long Count, double WithinFiftyMs, double P50UpperBound, double P99UpperBound);
