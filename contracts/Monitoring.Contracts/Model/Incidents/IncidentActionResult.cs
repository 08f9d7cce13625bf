namespace Monitoring.Contracts;

/// <summary>The incident after an operator acted on it, or why that was not possible.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.IncidentActionResult")]
public sealed record IncidentActionResult(DisruptionActionOutcome Outcome, Incident? Incident, string Message);
