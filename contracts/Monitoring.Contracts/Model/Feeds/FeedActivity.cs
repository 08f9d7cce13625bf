namespace Monitoring.Contracts;

/// <summary>What one feed did: a delta from one gateway, or the running total in the directory.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.FeedActivity")]
public sealed record FeedActivity(
    string FeedId,
    long Batches,
    long ObservationsAccepted,
    long ObservationsRejected,
    long DuplicateBatches,
    ulong LastSequence,
    DateTimeOffset LastBatchAt)
{
    public FeedActivity Add(FeedActivity delta) => this with
    {
        Batches = Batches + delta.Batches,
        ObservationsAccepted = ObservationsAccepted + delta.ObservationsAccepted,
        ObservationsRejected = ObservationsRejected + delta.ObservationsRejected,
        DuplicateBatches = DuplicateBatches + delta.DuplicateBatches,
        LastSequence = Math.Max(LastSequence, delta.LastSequence),
        LastBatchAt = delta.LastBatchAt > LastBatchAt ? delta.LastBatchAt : LastBatchAt,
    };
}
