namespace Monitoring.Contracts;

/// <summary>
/// What one feed did: a delta from one gateway, or the running total in the directory. <see cref="Epoch"/>: the
/// feed's resets when the batches were sent; the highest sequence of an earlier epoch than the total's is not kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.FeedActivity")]
public sealed record FeedActivity(
    string FeedId,
    long Batches,
    long ObservationsAccepted,
    long ObservationsRejected,
    long DuplicateBatches,
    ulong LastSequence,
    DateTimeOffset LastBatchAt,
    int Epoch = 0)
{
    public FeedActivity Add(FeedActivity delta) => this with
    {
        Batches = Batches + delta.Batches,
        ObservationsAccepted = ObservationsAccepted + delta.ObservationsAccepted,
        ObservationsRejected = ObservationsRejected + delta.ObservationsRejected,
        DuplicateBatches = DuplicateBatches + delta.DuplicateBatches,
        LastSequence = delta.Epoch > Epoch ? delta.LastSequence : delta.Epoch < Epoch ? LastSequence : Math.Max(LastSequence, delta.LastSequence),
        LastBatchAt = delta.LastBatchAt > LastBatchAt ? delta.LastBatchAt : LastBatchAt,
        Epoch = Math.Max(Epoch, delta.Epoch),
    };
}
