namespace Monitoring.Hosting;

/// <summary>Where cluster membership, grain state and reminders live.</summary>
public enum ClusterStore
{
    /// <summary>One process, state in memory: the embedded demo and tests.</summary>
    Memory,

    /// <summary>Redis: several silo and gateway processes sharing membership, state and reminders.</summary>
    Redis,
}
