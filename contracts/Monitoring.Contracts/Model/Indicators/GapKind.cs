namespace Monitoring.Contracts;

public enum GapKind { Concentration = 1, SingleCountry = 2, Survivability = 3, Circularity = 4, SingleRoute = 5 }
