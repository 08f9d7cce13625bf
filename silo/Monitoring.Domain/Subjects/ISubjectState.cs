using Monitoring.Domain.Detection;

namespace Monitoring.Domain.Subjects;

/// <summary>What node and lane state have in common.</summary>
public interface ISubjectState
{
    /// <summary>Per feed: which batch sequences were applied (stored with the changes they made).</summary>
    Dictionary<string, FeedSequenceWindow> Feeds { get; set; }

    DisruptionBookState Disruptions { get; set; }

    long ObservationsApplied { get; set; }

    DateTimeOffset? LastObservationAt { get; set; }

    /// <summary>Events stored with the changes that caused them but not yet confirmed published (an outbox).</summary>
    List<MonitoringEvent> UnpublishedEvents { get; set; }

    /// <summary>The impairment last told to the neighbours (its sequence grows with each change).</summary>
    ImpairmentSignal? LastSignal { get; set; }

    /// <summary><see cref="LastSignal"/> still has to reach some neighbours.</summary>
    bool SignalPending { get; set; }
}
