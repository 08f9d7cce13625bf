using Monitoring.Domain.Detection;

namespace Monitoring.Domain.Subjects;

/// <summary>Everything a lane persists.</summary>
[GenerateSerializer, Alias("monitoring.LaneState")]
public sealed class LaneState : ISubjectState
{
    [Id(0)] public LaneConfiguration? Configuration { get; set; }
    [Id(1)] public Dictionary<string, FeedSequenceWindow> Feeds { get; set; } = [];
    [Id(2)] public Dictionary<string, ShipmentState> InTransit { get; set; } = [];
    [Id(3)] public DisruptionBookState Disruptions { get; set; } = new();
    [Id(4)] public long ObservationsApplied { get; set; }
    [Id(5)] public DateTimeOffset? LastObservationAt { get; set; }
    [Id(6)] public long ArrivedCount { get; set; }
    [Id(7)] public double MeanTransitHours { get; set; }
    [Id(8)] public List<MonitoringEvent> UnpublishedEvents { get; set; } = [];

    /// <summary>The last impairment signal of the lane's origin and destination nodes.</summary>
    [Id(9)] public Dictionary<string, ImpairmentSignal> Endpoints { get; set; } = [];

    [Id(10)] public ImpairmentSignal? LastSignal { get; set; }
    [Id(11)] public bool SignalPending { get; set; }

    /// <summary>Moving average of realized transit, hours (LANE_DELAY).</summary>
    [Id(12)] public double EwmaTransitHours { get; set; }
}
