namespace Monitoring.Contracts;

/// <summary>An investment that does not exist yet: a new node, an expansion of one, or a new lane.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.CandidateProject")]
public sealed record CandidateProject(
    string Id,
    string Name,
    ProjectKind Kind,
    string Commodity,
    Stage Stage,
    string Country,
    string Operator,
    double CapacityTonnesPerDay,
    double CostMillionUsd,
    double YearsToCommission,
    string? NodeId,
    string? FromNodeId,
    string? ToNodeId,
    double InventoryCapacityTonnes);
