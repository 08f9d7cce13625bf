namespace Monitoring.Contracts;

/// <summary>The disruption after an operator acknowledged or resolved it, or why that was not possible.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionActionResult")]
public sealed record DisruptionActionResult(DisruptionActionOutcome Outcome, Disruption? Disruption, string Message);
