namespace Monitoring.Contracts;

/// <summary>A what-if: these nodes and lanes down for <see cref="Days"/> days.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.StressScenario")]
public sealed record StressScenario(IReadOnlyList<string> NodeIds, IReadOnlyList<string> LaneIds, double Days);
