namespace Monitoring.Bench.Harness;

/// <summary>How the platform under test is hosted.</summary>
public enum PlatformMode
{
    /// <summary>One gateway process with its silo in-process and in-memory storage (what `dotnet run` starts).</summary>
    Embedded,

    /// <summary>redis-server (append-only file, fsync always), a silo process and a gateway process: durable acks.</summary>
    Cluster,
}
