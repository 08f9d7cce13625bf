namespace Monitoring.Contracts;

/// <summary>What a subject grain did with its part of a batch.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ApplyResult")]
public sealed record ApplyResult(bool Duplicate, int Applied, IReadOnlyList<ItemRejection> Rejections)
{
    public static ApplyResult AlreadyApplied(int count) => new(true, count, []);
}
