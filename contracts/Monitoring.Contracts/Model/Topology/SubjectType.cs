namespace Monitoring.Contracts;

/// <summary>Whether a subject id names a node or a lane.</summary>
public enum SubjectType { Node = 1, Lane = 2 }
