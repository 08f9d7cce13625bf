using Microsoft.Extensions.Time.Testing;
using Monitoring.Contracts;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Topology;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>
/// The detection engine of a whole topology in memory, wired as the grains wire it — apply, tick,
/// commit, and deliver impairment signals to neighbours (breadth first) — on a fake clock. Tests drive
/// it with observations and time and read the resulting event timeline.
/// </summary>
public sealed class DetectionNetwork
{
    private readonly Dictionary<string, NodeState> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LaneState> _lanes = new(StringComparer.Ordinal);
    private ulong _sequence;

    public DetectionNetwork(TopologySpec topology, DetectionOptions? options = null, DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        Options = options ?? new DetectionOptions();
        foreach (var configuration in SubjectConfigurations.Nodes(topology, 1))
            _nodes[configuration.Spec.Id] = new NodeState { Configuration = configuration, LastReceivedAt = Now };
        foreach (var configuration in SubjectConfigurations.Lanes(topology, 1))
            _lanes[configuration.Spec.Id] = new LaneState { Configuration = configuration };
    }

    public FakeTimeProvider Clock { get; }

    public DetectionOptions Options { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Every event, in the order the engine produced them.</summary>
    public List<MonitoringEvent> Timeline { get; } = [];

    public NodeState NodeState(string id) => _nodes[id];

    public LaneState LaneState(string id) => _lanes[id];

    public IReadOnlyList<Disruption> Active(string subjectId) =>
        _nodes.TryGetValue(subjectId, out var node) ? node.Disruptions.Active : _lanes[subjectId].Disruptions.Active;

    public Disruption? Active(string subjectId, DisruptionKind kind) => Active(subjectId).SingleOrDefault(d => d.Kind == kind);

    public IReadOnlyList<Disruption> AllActive(string subjectId, DisruptionKind kind) => Active(subjectId).Where(d => d.Kind == kind).ToList();

    public OperationalStatus Status(string subjectId) => Monitor(subjectId).Disruptions.Status();

    /// <summary>One batch for one subject, received now.</summary>
    public void Apply(string subjectId, IReadOnlyList<NodeReading>? readings = null, IReadOnlyList<ShipmentUpdate>? shipments = null, IReadOnlyList<DisruptionReport>? reports = null)
    {
        var batch = new SubjectBatch("test-feed", ++_sequence, Now, readings ?? [], shipments ?? [], reports ?? []);
        var monitor = Monitor(subjectId, Now);
        monitor.Apply(batch, []);
        monitor.Tick();
        Commit(subjectId, monitor, Now);
    }

    public void Reading(string nodeId, Metric metric, double value, string? commodity = null) =>
        Apply(nodeId, readings: [new NodeReading(0, Now, metric, value, commodity)]);

    public void Report(string subjectId, string reportId, Cause cause, Severity severity, TimeSpan? expected, string message = "") =>
        Apply(subjectId, reports: [new DisruptionReport(0, Now, reportId, cause, severity, expected, message, false)]);

    public void ClearReport(string subjectId, string reportId) =>
        Apply(subjectId, reports: [new DisruptionReport(0, Now, reportId, Cause.Other, Severity.Info, null, "", true)]);

    public void Shipment(string laneId, string shipmentId, ShipmentEventKind kind, DateTimeOffset? observedAt = null, DateTimeOffset? eta = null) =>
        Apply(laneId, shipments: [new ShipmentUpdate(0, observedAt ?? Now, shipmentId, kind, 100, eta, null, null)]);

    /// <summary>
    /// Moves the clock, stopping at every moment a subject's time-based check is due — as its one-shot
    /// timer would fire — and running the checks of the subjects due then.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        var target = Now + by;
        while (true)
        {
            // As a grain arms its timer: the due time is computed before the clock gets there.
            var dues = Subjects().Select(id => (Id: id, Due: Monitor(id).NextDue())).Where(d => d.Due is not null && d.Due <= target).ToList();
            if (dues.Count == 0) break;
            var at = dues.Min(d => d.Due!.Value);
            if (at > Now) Clock.Advance(at - Now);
            foreach (var (id, _) in dues.Where(d => d.Due <= Now))
            {
                var monitor = Monitor(id);
                monitor.Tick();
                Commit(id, monitor, null);
                // A grain would re-arm its timer at once and spin: the engine must move its next check forward.
                if (Monitor(id).NextDue() is { } again && again <= Now) throw new InvalidOperationException($"{id}: a time-based check stays due after running at {Now:O}");
            }
        }
        if (target > Now) Clock.Advance(target - Now);
    }

    private IEnumerable<string> Subjects() => _nodes.Keys.Concat(_lanes.Keys).Order(StringComparer.Ordinal).ToList();

    public DisruptionActionResult Acknowledge(string subjectId, string disruptionId, string actor, string note) =>
        Act(subjectId, m => m.Acknowledge(disruptionId, actor, note));

    public DisruptionActionResult Resolve(string subjectId, string disruptionId, string actor, string note) =>
        Act(subjectId, m => m.Resolve(disruptionId, actor, note));

    private DisruptionActionResult Act(string subjectId, Func<SubjectMonitor, DisruptionActionResult> action)
    {
        var monitor = Monitor(subjectId);
        var result = action(monitor);
        Commit(subjectId, monitor, null);
        return result;
    }

    private SubjectMonitor Monitor(string id, DateTimeOffset? trigger = null) =>
        _nodes.TryGetValue(id, out var node)
            ? new NodeMonitor(node, NodeMonitor.ThresholdsFor(node.Configuration!.Spec, Options), Options, Clock, trigger)
            : new LaneMonitor(_lanes[id], LaneMonitor.ThresholdsFor(_lanes[id].Configuration!.Spec, Options), Options, Clock, trigger);

    private ISubjectState State(string id) => _nodes.TryGetValue(id, out var node) ? node : _lanes[id];

    /// <summary>Records events and, when the impairment changed, delivers the signal to the neighbours (breadth first).</summary>
    private void Commit(string firstId, SubjectMonitor firstMonitor, DateTimeOffset? trigger)
    {
        var pending = new Queue<(string Id, SubjectMonitor Monitor)>();
        pending.Enqueue((firstId, firstMonitor));
        while (pending.TryDequeue(out var item))
        {
            Timeline.AddRange(item.Monitor.Disruptions.Events);
            var state = State(item.Id);
            if (item.Monitor.SignalIfChanged(state.LastSignal, trigger) is not { } signal) continue;
            state.LastSignal = signal;
            if (_nodes.TryGetValue(item.Id, out var node))
            {
                foreach (var laneId in Propagation.LanesToTell(node.Configuration!))
                {
                    var lane = (LaneMonitor)Monitor(laneId, trigger);
                    lane.OnEndpoint(item.Id, Propagation.ForLane(signal, node.Configuration!, laneId));
                    lane.Tick();
                    pending.Enqueue((laneId, lane));
                }
            }
            else
            {
                var target = Propagation.NodeToTell(_lanes[item.Id].Configuration!);
                var downstream = (NodeMonitor)Monitor(target, trigger);
                downstream.OnUpstream(item.Id, signal);
                downstream.Tick();
                pending.Enqueue((target, downstream));
            }
        }
    }
}
