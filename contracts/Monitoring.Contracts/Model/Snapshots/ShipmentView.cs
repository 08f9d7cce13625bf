namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.ShipmentView")]
public sealed record ShipmentView(
    string ShipmentId,
    ShipmentEventKind LastEvent,
    double QuantityTonnes,
    DateTimeOffset DepartedAt,
    DateTimeOffset? Eta,
    DateTimeOffset UpdatedAt,
    double? Latitude,
    double? Longitude);
