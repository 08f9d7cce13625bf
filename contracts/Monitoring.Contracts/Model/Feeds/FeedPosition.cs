namespace Monitoring.Contracts;

/// <summary>
/// Where a feed stands in the cluster: the highest sequence acknowledged in its current epoch (0: none, or none known)
/// and the epoch (how many times an operator has reset it).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.FeedPosition")]
public sealed record FeedPosition(ulong Highest, int Epoch);
