namespace Monitoring.Contracts;

/// <summary>Stage of a supply chain a node contributes to for one commodity.</summary>
public enum Stage { Extraction = 1, Processing = 2, Manufacturing = 3, Recycling = 4, Logistics = 5, Consumption = 6 }
