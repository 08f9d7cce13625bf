using Monitoring.Domain.Detection;
using Monitoring.Domain.Detection.Rules;

namespace Monitoring.Domain.Subjects;

/// <summary>Everything a node persists: configuration, per-feed dedupe, metric series, rule state, disruptions, signals.</summary>
[GenerateSerializer, Alias("monitoring.NodeState")]
public sealed class NodeState : ISubjectState
{
    [Id(0)] public NodeConfiguration? Configuration { get; set; }
    [Id(1)] public Dictionary<string, FeedSequenceWindow> Feeds { get; set; } = [];
    [Id(2)] public Dictionary<string, MetricSeriesState> Series { get; set; } = [];
    [Id(3)] public Dictionary<string, OutputDropState> OutputDrop { get; set; } = [];
    [Id(4)] public DisruptionBookState Disruptions { get; set; } = new();
    [Id(5)] public long ObservationsApplied { get; set; }
    [Id(6)] public DateTimeOffset? LastObservationAt { get; set; }
    [Id(7)] public List<MonitoringEvent> UnpublishedEvents { get; set; } = [];

    /// <summary>The last impairment signal of each inbound lane.</summary>
    [Id(8)] public Dictionary<string, ImpairmentSignal> Upstream { get; set; } = [];

    /// <summary>When the node's feed last delivered anything (or when it was configured): FEED_SILENT counts from here.</summary>
    [Id(9)] public DateTimeOffset? LastReceivedAt { get; set; }

    [Id(10)] public ImpairmentSignal? LastSignal { get; set; }
    [Id(11)] public bool SignalPending { get; set; }
}
