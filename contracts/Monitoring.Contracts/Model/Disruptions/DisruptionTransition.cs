namespace Monitoring.Contracts;

/// <summary>One change of state or severity: who, when, why.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionTransition")]
public sealed record DisruptionTransition(DisruptionState State, Severity Severity, DateTimeOffset At, string Actor, string Reason);
