namespace Monitoring.Domain.Subjects;

/// <summary>A shipment the lane knows to be in transit.</summary>
[GenerateSerializer, Alias("monitoring.ShipmentState")]
public sealed class ShipmentState
{
    [Id(0)] public ShipmentEventKind LastEvent { get; set; }
    [Id(1)] public double QuantityTonnes { get; set; }
    [Id(2)] public DateTimeOffset DepartedAt { get; set; }
    [Id(3)] public DateTimeOffset? Eta { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public double? Latitude { get; set; }
    [Id(6)] public double? Longitude { get; set; }
}
