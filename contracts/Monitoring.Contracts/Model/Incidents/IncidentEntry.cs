namespace Monitoring.Contracts;

/// <summary>
/// One line of an incident's timeline: a member joining or clearing, a change of severity or state, or an
/// operator's action. <see cref="Kind"/> is one of <see cref="IncidentEntryKinds"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.IncidentEntry")]
public sealed record IncidentEntry(DateTimeOffset At, string Kind, string Actor, string Text, string? DisruptionId = null);
