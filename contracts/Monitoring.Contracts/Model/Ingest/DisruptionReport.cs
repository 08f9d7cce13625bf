namespace Monitoring.Contracts;

/// <summary>A disruption declared (or cleared) by a provider.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.DisruptionReport")]
public sealed record DisruptionReport(
    int Index,
    DateTimeOffset ObservedAt,
    string ReportId,
    Cause Cause,
    Severity Severity,
    TimeSpan? ExpectedDuration,
    string Message,
    bool Clear);
