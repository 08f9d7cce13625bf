namespace Monitoring.Contracts;

/// <summary>
/// The first disruption behind an impairment that travels along lanes: which subject, which
/// disruption, and when it is expected to end (the provider's expected duration, else the
/// subject's recovery time).
/// </summary>
/// <remarks>
/// <see cref="Commodities"/> says which flows it stops (a lane of another commodity is not affected);
/// <see cref="Path"/> lists the subjects it has travelled through, so a loop that does not contain the
/// root cannot bring it back to a subject it already passed.
/// </remarks>
[GenerateSerializer, Immutable, Alias("monitoring.RootCause")]
public sealed record RootCause(
    string SubjectId,
    string SubjectName,
    string DisruptionId,
    DisruptionKind Kind,
    DateTimeOffset ExpectedEnd,
    string Summary,
    IReadOnlyList<string> Commodities,
    IReadOnlyList<string> Path)
{
    public bool Affects(string commodity) => Commodities.Contains(commodity);

    /// <summary>The root subject or a subject it travelled through.</summary>
    public bool HasVisited(string subjectId) => SubjectId == subjectId || Path.Contains(subjectId);

    /// <summary>The same cause as passed on by <paramref name="via"/>, for one commodity.</summary>
    public RootCause PassedOn(string via, string commodity) => this with { Commodities = [commodity], Path = [.. Path, via] };

    // Lists compare by content, so an unchanged impairment is recognised as unchanged.
    public bool Equals(RootCause? other) =>
        other is not null && SubjectId == other.SubjectId && SubjectName == other.SubjectName && DisruptionId == other.DisruptionId
        && Kind == other.Kind && ExpectedEnd == other.ExpectedEnd && Summary == other.Summary
        && Commodities.SequenceEqual(other.Commodities) && Path.SequenceEqual(other.Path);

    public override int GetHashCode() => HashCode.Combine(DisruptionId, ExpectedEnd, Summary, Commodities.Count, Path.Count);
}
