namespace Monitoring.Contracts;

/// <summary>A node whose status is not operational, as its commodity last heard it.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.NodeStatus")]
public sealed record NodeStatus(string NodeId, OperationalStatus Status);
