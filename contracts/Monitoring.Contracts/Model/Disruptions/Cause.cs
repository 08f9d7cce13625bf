namespace Monitoring.Contracts;

/// <summary>Why a provider declared a disruption.</summary>
public enum Cause { Strike = 1, Weather = 2, Accident = 3, ExportRestriction = 4, PortClosure = 5, Power = 6, Maintenance = 7, Other = 8 }
