namespace Monitoring.Bench.Harness;

/// <summary>A process's garbage collection over the window: share of wall time paused, and full (gen2) collections.</summary>
public sealed record GcActivity(double PausedShare, double Gen2Collections);
