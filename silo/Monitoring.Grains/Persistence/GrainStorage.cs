namespace Monitoring.Grains.Persistence;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class GrainStorage
{
    /// <summary>Grain state of nodes, lanes, topology and indexes.</summary>
    public const string Name = "monitoring";
}
