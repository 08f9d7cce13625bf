namespace Monitoring.Domain.Subjects;

/// <summary>
/// Which sequences of one feed a subject has applied: the highest one and a bitmap of the 64 below
/// it (an anti-replay window). Stored atomically with the subject's state, so a resent batch is
/// recognised after a failover. Providers send consecutive sequences and the gateway keeps at most
/// 32 batches of a stream in flight, so a batch that was never applied is always inside the window. A
/// sequence below the window cannot be told from one applied long ago, so it is refused, not acknowledged
/// (<see cref="IsBelow"/>): a provider that restarted its numbering learns it instead of losing data. An
/// operator's reset of the feed starts a new <see cref="Epoch"/>, in which the window starts empty.
/// </summary>
[GenerateSerializer, Alias("monitoring.FeedSequenceWindow")]
public sealed class FeedSequenceWindow
{
    public const int Width = 64;

    [Id(0)] public ulong Highest { get; set; }

    /// <summary>Bit i set: sequence Highest - 1 - i was applied.</summary>
    [Id(1)] public ulong Below { get; set; }

    /// <summary>When a batch of the feed was last applied here (a window idle long enough is forgotten: <see cref="Prune"/>).</summary>
    [Id(2)] public DateTimeOffset LastAppliedAt { get; set; }

    /// <summary>The feed's resets when this window began (<see cref="Contracts.SubjectBatch.FeedEpoch"/>).</summary>
    [Id(3)] public int Epoch { get; set; }

    /// <summary>Whether <paramref name="sequence"/> lies below the window: older than every sequence it can tell apart.</summary>
    public bool IsBelow(ulong sequence) => IsBelow(sequence, Highest);

    /// <summary>Whether <paramref name="sequence"/> lies below the window of a feed whose highest applied sequence is <paramref name="highest"/>.</summary>
    public static bool IsBelow(ulong sequence, ulong highest) => highest > Width && sequence < highest - Width;

    public bool Contains(ulong sequence)
    {
        if (Highest == 0 || sequence > Highest) return false;
        if (sequence == Highest) return true;
        var distance = Highest - sequence;
        return distance > Width || (Below & (1UL << (int)(distance - 1))) != 0;
    }

    public void Add(ulong sequence, DateTimeOffset at)
    {
        LastAppliedAt = at;
        Add(sequence);
    }

    /// <summary>
    /// Forgets the windows of feeds idle for longer than <paramref name="retention"/>: a resend of their batches could only
    /// carry observations older than the gateway accepts, so nothing can be applied twice. Keeps a feed invented once
    /// from costing a subject state for ever. Windows stored before this was tracked count from <paramref name="now"/>.
    /// </summary>
    public static void Prune(Dictionary<string, FeedSequenceWindow> windows, DateTimeOffset now, TimeSpan retention)
    {
        foreach (var (feed, window) in windows)
        {
            if (window.LastAppliedAt == default) window.LastAppliedAt = now;
            else if (window.IsExpired(now, retention)) windows.Remove(feed);
        }
    }

    /// <summary>Whether no batch of the feed was applied here for longer than <paramref name="retention"/> (the window counts as forgotten).</summary>
    public bool IsExpired(DateTimeOffset now, TimeSpan retention) => LastAppliedAt != default && now - LastAppliedAt > retention;

    public void Add(ulong sequence)
    {
        if (sequence > Highest)
        {
            var shift = sequence - Highest;
            Below = Highest == 0 ? 0
                : shift > Width ? 0
                : shift == Width ? 1UL << (Width - 1)
                : (Below << (int)shift) | (1UL << (int)(shift - 1));
            Highest = sequence;
        }
        else if (sequence < Highest && Highest - sequence <= Width)
        {
            Below |= 1UL << (int)(Highest - sequence - 1);
        }
    }
}
