namespace Monitoring.Contracts;

/// <summary>How a lane moves material.</summary>
public enum TransportMode { Sea = 1, Rail = 2, Road = 3, Pipeline = 4, Air = 5 }
