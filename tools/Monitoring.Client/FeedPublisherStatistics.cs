namespace Monitoring.Client;

/// <summary>Totals since the publisher started.</summary>
public sealed record FeedPublisherStatistics(
    long BatchesAcked, long ObservationsAccepted, long ObservationsRejected, long DuplicateBatches, long BatchesResent, long Reconnects);
