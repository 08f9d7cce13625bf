namespace Monitoring.Domain.Detection.Rules;

/// <summary>An inbound lane as the exposure rule names it.</summary>
public sealed record LaneRef(string Id, string Commodity);
