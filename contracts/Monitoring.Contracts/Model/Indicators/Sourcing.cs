namespace Monitoring.Contracts;

/// <summary>
/// Where <see cref="ConsumerCountry"/>'s supply of a commodity comes from: <see cref="ReceivedTonnesPerDay"/> is
/// what its consumption nodes normally receive through the lanes, <see cref="DemandTonnesPerDay"/> what they use.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.Sourcing")]
public sealed record Sourcing(string Commodity, string ConsumerCountry, double ReceivedTonnesPerDay, double DemandTonnesPerDay, IReadOnlyList<StageSourcing> Stages);
