namespace Monitoring.Contracts;

public enum ProjectKind { NewNode = 1, Expansion = 2, NewLane = 3 }
