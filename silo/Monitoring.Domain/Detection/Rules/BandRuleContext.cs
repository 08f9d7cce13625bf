namespace Monitoring.Domain.Detection.Rules;

/// <summary>One disruption a band rule owns: where it lives, what it measures, how it is named.</summary>
public sealed record BandRuleContext(
    DisruptionBook Book,
    string RuleKey,
    DisruptionKind Kind,
    Band Band,
    IReadOnlyList<string> Commodities,
    string Quantity,
    TimeSpan MinimumOpenTime,
    TimeSpan? EstimatedTimeToRecover);
