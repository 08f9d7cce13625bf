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

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<FeedActivity>> List();
}
