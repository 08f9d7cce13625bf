namespace Monitoring.Contracts;

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
