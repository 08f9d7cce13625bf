namespace Monitoring.Domain.Subjects;

/// <summary>
/// Which sequences of one feed a subject has applied: the highest one and a bitmap of the 64 below
/// it (an anti-replay window). Stored atomically with the subject's state, so a resent batch is
/// recognised after a failover. Providers send consecutive sequences and the gateway keeps at most
/// 32 batches of a stream in flight, so a batch that was never applied is always inside the window;
/// anything older is treated as applied.
/// </summary>
[GenerateSerializer, Alias("monitoring.FeedSequenceWindow")]
public sealed class FeedSequenceWindow
{
    public const int Width = 64;

    [Id(0)] public ulong Highest { get; set; }

    /// <summary>Bit i set: sequence Highest - 1 - i was applied.</summary>
    [Id(1)] public ulong Below { get; set; }

    public bool Contains(ulong sequence)
    {
        if (Highest == 0 || sequence > Highest) return false;
        if (sequence == Highest) return true;
        var distance = Highest - sequence;
        return distance > Width || (Below & (1UL << (int)(distance - 1))) != 0;
    }

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
