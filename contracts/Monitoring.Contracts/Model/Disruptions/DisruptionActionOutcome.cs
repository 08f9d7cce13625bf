namespace Monitoring.Contracts;

/// <summary>How an operator action on a disruption ended.</summary>
public enum DisruptionActionOutcome
{
    Done = 1,
    NotFound = 2,
    NotAllowed = 3,
}
