namespace Monitoring.Contracts;

/// <summary>A shipment event on a lane.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ShipmentUpdate")]
public sealed record ShipmentUpdate(
    int Index,
    DateTimeOffset ObservedAt,
    string ShipmentId,
    ShipmentEventKind Kind,
    double QuantityTonnes,
    DateTimeOffset? Eta,
    double? Latitude,
    double? Longitude);
