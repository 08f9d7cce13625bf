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

/// <summary>
/// What a subject tells its neighbours when its impairment changes (never per reading): whether it
/// is disrupted and the root causes. <see cref="Sequence"/> grows with every signal of the sender,
/// so a receiver ignores a late, older one.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.ImpairmentSignal")]
public sealed record ImpairmentSignal(
    string FromSubjectId,
    long Sequence,
    bool Disrupted,
    IReadOnlyList<RootCause> Causes,
    DateTimeOffset? TriggerReceivedAt)
{
    public static ImpairmentSignal Clear(string from, long sequence) => new(from, sequence, false, [], null);

    /// <summary>Same impairment, whatever the sequence and trigger.</summary>
    public bool SameImpairment(ImpairmentSignal? other) =>
        other is not null && Disrupted == other.Disrupted && Causes.SequenceEqual(other.Causes);
}

/// <summary>How an operator action on a disruption ended.</summary>
public enum DisruptionActionOutcome
{
    Done = 1,
    NotFound = 2,
    NotAllowed = 3,
}

/// <summary>The disruption after an operator acknowledged or resolved it, or why that was not possible.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionActionResult")]
public sealed record DisruptionActionResult(DisruptionActionOutcome Outcome, Disruption? Disruption, string Message);
