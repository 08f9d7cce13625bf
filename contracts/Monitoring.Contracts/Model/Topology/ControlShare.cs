namespace Monitoring.Contracts;

/// <summary>
/// A share of a node held by owners of one country (ISO 3166-1 alpha-2): who controls the capacity, as opposed to
/// where it is. What the listed shares leave is controlled from the node's own country.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.ControlShare")]
public sealed record ControlShare(string Country, double Share);
