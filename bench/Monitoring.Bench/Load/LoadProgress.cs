namespace Monitoring.Bench.Load;

/// <summary>One second of the run, for the progress display.</summary>
public sealed record LoadProgress(double Elapsed, bool Measuring, double ObservationsPerSecond, double AckP50, double AckP99, long Detections, int Unacked);
