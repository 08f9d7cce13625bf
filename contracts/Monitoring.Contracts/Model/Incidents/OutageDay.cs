namespace Monitoring.Contracts;

/// <summary>A node downstream in an outage assessment: its shortfall, and the day from now its stock runs out (null: it lasts the outage).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.OutageDay")]
public sealed record OutageDay(string NodeId, string Name, double ShortfallTonnesPerDay, double DaysOfCover, double? RunsOutDay);
