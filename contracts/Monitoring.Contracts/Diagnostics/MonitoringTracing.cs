using System.Diagnostics;

namespace Monitoring.Contracts.Diagnostics;

/// <summary>
/// The platform's own spans (docs/runbook.md, "A slow detection"). A trace starts at a gateway's batch; Orleans
/// carries it through the grain calls when tracing is on (Tracing:OtlpEndpoint). Without a listener,
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs a check.
/// </summary>
public static class MonitoringTracing
{
    public const string SourceName = "Monitoring";

    /// <summary>One provider batch at a gateway, from its arrival to its ack: the root of an ingest trace.</summary>
    public const string PublishBatch = "publish batch";

    /// <summary>A silo's notifier sending the live events it collected to the gateways, linked to the traces that produced them.</summary>
    public const string NotifyGateways = "notify gateways";

    /// <summary>The spans a trace may start with; anything else is traced only inside one of them (TraceSampler).</summary>
    public static readonly IReadOnlySet<string> Roots = new HashSet<string>(StringComparer.Ordinal) { PublishBatch, NotifyGateways };

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tag names, in OpenTelemetry's dotted style.</summary>
    public static class Tags
    {
        public const string FeedId = "monitoring.feed_id";
        public const string Sequence = "monitoring.sequence";
        public const string Observations = "monitoring.observations";
        public const string Subjects = "monitoring.subjects";
        public const string Accepted = "monitoring.accepted";
        public const string Rejected = "monitoring.rejected";
        public const string Events = "monitoring.events";
        public const string Gateways = "monitoring.gateways";
        public const string Subscribers = "monitoring.subscribers";
    }
}
