namespace Monitoring.Domain.Subjects;

/// <summary>
/// What one change of a subject leaves to do once it is stored: the events it recorded (already in the
/// outbox) and whether its impairment changed (a signal for the neighbours is pending).
/// </summary>
public sealed record SubjectChange(IReadOnlyList<MonitoringEvent> Events, bool SignalChanged)
{
    public static SubjectChange None { get; } = new([], false);

    /// <summary>Nothing that must be stored and sent at once: no event, no new signal.</summary>
    public bool IsEmpty => Events.Count == 0 && !SignalChanged;
}
