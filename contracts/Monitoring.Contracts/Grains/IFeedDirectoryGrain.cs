namespace Monitoring.Contracts.Grains;

/// <summary>
/// Every feed's totals and freshness. Key: "default". Gateways send aggregated deltas about once
/// a second (never per batch), so this is not a hot spot.
/// </summary>
[Alias("monitoring.IFeedDirectoryGrain")]
public interface IFeedDirectoryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    [Alias("Record")]
    Task Record(IReadOnlyList<FeedActivity> deltas);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<FeedActivity>> List();
}
