namespace Monitoring.Contracts;

/// <summary>What a supply node physically is.</summary>
public enum NodeKind { Mine = 1, Brine = 2, Concentrator = 3, Smelter = 4, Refinery = 5, Port = 6, Warehouse = 7, Plant = 8, Recycler = 9, Consumer = 10 }
