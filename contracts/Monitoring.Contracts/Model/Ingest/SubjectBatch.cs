namespace Monitoring.Contracts;

/// <summary>
/// One provider batch's observations for one subject: exactly one grain call per subject per batch. Every
/// item carries its index in the provider's batch, so a rejection points at it.
/// <see cref="After"/>: the sequence of the same stream's previous batch for this subject, when its call
/// was still in flight; the grain applies this batch only after that one (Orleans does not promise
/// message order, and the calls overlap so that group commit can share writes).
/// <see cref="FeedEpoch"/>: how many times an operator has reset the feed; a subject forgets the sequences of an
/// earlier epoch, and refuses a batch of an earlier epoch than it has seen.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.SubjectBatch")]
public sealed record SubjectBatch(
    string FeedId,
    ulong Sequence,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<NodeReading> Readings,
    IReadOnlyList<ShipmentUpdate> Shipments,
    IReadOnlyList<DisruptionReport> Reports,
    ulong? After = null,
    int FeedEpoch = 0)
{
    public int Count => Readings.Count + Shipments.Count + Reports.Count;
}
