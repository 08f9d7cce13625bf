namespace Monitoring.Contracts;

/// <summary>
/// The first disruption behind an impairment that travels along lanes: which subject, which
/// disruption, and when it is expected to end (the provider's expected duration, else the
/// subject's recovery time).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.RootCause")]
public sealed record RootCause(
    string SubjectId,
    string SubjectName,
    string DisruptionId,
    DisruptionKind Kind,
    DateTimeOffset ExpectedEnd,
    string Summary);

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
