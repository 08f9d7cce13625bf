namespace Monitoring.Contracts;

/// <summary>A quantity measured at a node; the unit is part of the name.</summary>
public enum Metric { OutputTpd = 1, InventoryT = 2, ConsumptionTpd = 3, Utilization = 4, PowerAvailability = 5, HandledTpd = 6 }
