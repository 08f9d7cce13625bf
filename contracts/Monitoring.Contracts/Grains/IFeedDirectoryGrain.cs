namespace Monitoring.Contracts.Grains;

/// <summary>
/// Every feed's totals and freshness. Key: "default". Gateways send aggregated deltas about once
/// a second (never per batch), so this is not a hot spot.
/// </summary>
[Alias("monitoring.IFeedDirectoryGrain")]
public interface IFeedDirectoryGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    /// <summary>
    /// Feeds kept. Past it, activity of feeds not yet known is not recorded (the known ones, silent or not,
    /// stay: their freshness is what FeedSilent alerts on), so made-up feed ids cannot grow the directory.
    /// </summary>
    const int MaxFeeds = 10_000;

    [Alias("Record")]
    Task Record(IReadOnlyList<FeedActivity> deltas);

    /// <summary>
    /// The feed's highest acknowledged sequence in its epoch, and the epoch. Up to a second behind the gateways
    /// (they send their totals once a second), which the sequence window of 64 covers.
    /// </summary>
    [Alias("Position"), ReadOnly]
    Task<FeedPosition> Position(string feedId);

    /// <summary>
    /// Starts the feed afresh (an operator's action): a new epoch, in which every subject forgets the sequences it
    /// applied before, so the provider may number from anything again. Returns the position before the reset
    /// with the new epoch.
    /// </summary>
    [Alias("Reset")]
    Task<FeedPosition> Reset(string feedId);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<FeedActivity>> List();
}
