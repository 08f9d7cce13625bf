namespace Monitoring.Contracts;

/// <summary>The rule that raised a disruption.</summary>
public enum DisruptionKind { OutputDrop = 1, InventoryLow = 2, LaneDelay = 3, LaneBlocked = 4, FeedSilent = 5, Declared = 6, Anomaly = 7, UpstreamExposure = 8 }
