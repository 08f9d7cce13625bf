namespace Monitoring.Contracts;

/// <summary>
/// A live event for dashboards and Watch streams. <see cref="TriggerReceivedAt"/> is when the gateway
/// received the batch that caused it, so detection latency can be measured end to end.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.MonitoringEvent")]
public sealed record MonitoringEvent(
    MonitoringEventType Type,
    DateTimeOffset OccurredAt,
    Disruption? Disruption,
    long TopologyVersion,
    DateTimeOffset? TriggerReceivedAt,
    CommodityIndicators? Indicators = null,
    Incident? Incident = null);
