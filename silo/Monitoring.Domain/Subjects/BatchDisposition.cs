namespace Monitoring.Domain.Subjects;

/// <summary>What a subject did with a batch.</summary>
public enum BatchDisposition
{
    /// <summary>The subject is not in the topology: every item is refused and nothing changes.</summary>
    NotConfigured,

    /// <summary>Applied before (a resend): nothing changes; the ack waits for the write that holds it.</summary>
    Duplicate,

    /// <summary>Below the feed's window, or sent before a reset of the feed: refused whole, nothing changes.</summary>
    BelowWindow,

    /// <summary>Applied now: the change must be stored before the ack.</summary>
    Applied,
}
