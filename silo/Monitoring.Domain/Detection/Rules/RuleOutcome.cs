namespace Monitoring.Domain.Detection.Rules;

/// <summary>What a rule evaluation did to its disruption.</summary>
public enum RuleOutcome { None, Opened, Escalated, Deescalated, Cleared, HeldOpen }
