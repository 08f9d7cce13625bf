namespace Monitoring.Contracts;

/// <summary>What happened to a shipment.</summary>
public enum ShipmentEventKind { Departed = 1, Position = 2, Arrived = 3, Delayed = 4 }
