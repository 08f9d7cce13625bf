namespace Monitoring.Hosting;

/// <summary>
/// Failure detection, tuned for a LAN: each silo probes others every <see cref="ProbeTimeout"/>; after
/// <see cref="MissedProbesLimit"/> missed probes it votes the silo dead, and once enough votes are in the
/// silo is declared dead and its grains reactivate elsewhere: about ProbeTimeout × MissedProbesLimit,
/// 4 s with the defaults (Orleans' own defaults, for WANs and noisy clouds: 5 s × 3).
/// Shorter detects sooner but risks declaring a silo dead during a long GC pause or a network blip.
/// </summary>
public sealed class MembershipTuning
{
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes needed (capped by Orleans at half the live silos, so two silos need one).</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How often each silo writes "I am alive" to the membership table, the backstop of probes.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(10);
}
