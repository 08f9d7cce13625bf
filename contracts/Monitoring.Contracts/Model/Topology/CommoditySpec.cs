namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.CommoditySpec")]
public sealed record CommoditySpec(string Code, string Name, string Unit);
