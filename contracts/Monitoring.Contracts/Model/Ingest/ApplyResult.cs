namespace Monitoring.Contracts;

/// <summary>
/// What a subject grain did with its part of a batch. <see cref="BelowWindow"/>: the subject refused the batch whole,
/// applying nothing, because its sequence lies below the feed's window there (or it was sent before a reset of the
/// feed); <see cref="FeedHighest"/> is then the highest sequence the subject applied for the feed, and
/// <see cref="FeedEpoch"/> the epoch of its window (above the batch's when the feed was reset since the batch's stream opened).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.ApplyResult")]
public sealed record ApplyResult(bool Duplicate, int Applied, IReadOnlyList<ItemRejection> Rejections, bool BelowWindow = false, ulong FeedHighest = 0, int FeedEpoch = 0)
{
    public static ApplyResult AlreadyApplied(int count) => new(true, count, []);

    public static ApplyResult RefusedBelowWindow(ulong highest, int epoch) => new(false, 0, [], true, highest, epoch);
}
