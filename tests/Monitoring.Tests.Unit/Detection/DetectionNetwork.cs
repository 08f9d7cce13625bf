using Microsoft.Extensions.Time.Testing;
using Monitoring.Contracts;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Incidents;
using Monitoring.Domain.Indicators;
using Monitoring.Domain.Subjects;
using Monitoring.Domain.Topology;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>
/// A whole topology's subject engines in memory, wired as the grains wire them — apply, tick, outbox, and
/// the engines' own signal deliveries to their neighbours (breadth first) — on a fake clock, with the
/// commodity engines they report their conditions to and the incident books their disruptions go to. Tests
/// drive it with observations and time and read the resulting event timeline and incidents. Storage and
/// publishing always succeed here; what the grains add to that is tested on real grains.
/// </summary>
public sealed class DetectionNetwork
{
    private readonly Dictionary<string, SubjectEngine> _engines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommodityEngine> _commodities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncidentBook> _incidents = new(StringComparer.Ordinal);
    private ulong _sequence;

    public DetectionNetwork(TopologySpec topology, DetectionOptions? options = null, DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        Options = options ?? new DetectionOptions();
        foreach (var commodity in topology.Commodities)
        {
            var engine = new CommodityEngine(commodity.Code, new CommodityState(), new IndicatorOptions(), Clock);
            engine.Adopt(SubjectConfigurations.Slice(topology, commodity, 1));
            _commodities[commodity.Code] = engine;
        }
        foreach (var configuration in SubjectConfigurations.Nodes(topology, 1))
        {
            var node = new NodeEngine(configuration.Spec.Id, new NodeState(), Options, Clock);
            _engines[node.Id] = node;
            Commit(node, node.Configure(configuration));
        }
        foreach (var configuration in SubjectConfigurations.Lanes(topology, 1))
        {
            var lane = new LaneEngine(configuration.Spec.Id, new LaneState(), Options, Clock);
            _engines[lane.Id] = lane;
            Commit(lane, lane.Configure(configuration));
        }
    }

    public FakeTimeProvider Clock { get; }

    public DetectionOptions Options { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Every event, in the order the engines produced them.</summary>
    public List<MonitoringEvent> Timeline { get; } = [];

    /// <summary>Every incident, oldest first.</summary>
    public IReadOnlyList<Incident> Incidents => _incidents.Values.SelectMany(b => b.Incidents).OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

    /// <summary>The incidents changed since the last call, as each is now (what incident grains publish).</summary>
    public IReadOnlyList<IncidentChange> TakeIncidentChanges() =>
        _incidents.Values.SelectMany(b => b.TakeChanges()).OrderBy(c => c.Incident.UpdatedAt).ThenBy(c => c.Incident.Id, StringComparer.Ordinal).ToList();

    /// <summary>An incident's impact now, as its grain asks its commodities for it.</summary>
    public IncidentImpact Impact(Incident incident)
    {
        var assessments = IncidentImpacts.ScopesByCommodity(incident, Now).Select(p => _commodities[p.Commodity].AssessOutage(p.Scope)).ToList();
        return IncidentImpacts.Combine(assessments, IncidentImpacts.Scope(incident, Now), Now);
    }

    public NodeState NodeState(string id) => ((NodeEngine)_engines[id]).Node;

    /// <summary>A commodity's indicators from the conditions the nodes and lanes reported.</summary>
    public CommodityIndicators Indicators(string commodity) => _commodities[commodity].Indicators();

    public LaneState LaneState(string id) => ((LaneEngine)_engines[id]).Lane;

    public IReadOnlyList<Disruption> Active(string subjectId) => _engines[subjectId].State.Disruptions.Active;

    /// <summary>The feeds whose sequence windows the subject keeps.</summary>
    public IReadOnlyCollection<string> FeedsOf(string subjectId) => _engines[subjectId].State.Feeds.Keys;

    public Disruption? Active(string subjectId, DisruptionKind kind) => Active(subjectId).SingleOrDefault(d => d.Kind == kind);

    public IReadOnlyList<Disruption> AllActive(string subjectId, DisruptionKind kind) => Active(subjectId).Where(d => d.Kind == kind).ToList();

    public OperationalStatus Status(string subjectId) => _engines[subjectId] switch
    {
        NodeEngine node => node.Snapshot().Status,
        LaneEngine lane => lane.Snapshot().Status,
        _ => throw new InvalidOperationException(subjectId),
    };

    /// <summary>One batch for one subject, received now; items are numbered in the order given. Returns what the subject did with it.</summary>
    public ApplyResult Apply(
        string subjectId, IReadOnlyList<NodeReading>? readings = null, IReadOnlyList<ShipmentUpdate>? shipments = null, IReadOnlyList<DisruptionReport>? reports = null,
        string feedId = "test-feed", ulong? sequence = null)
    {
        var index = 0;
        var batch = new SubjectBatch(feedId, sequence ?? ++_sequence, Now,
            (readings ?? []).Select(r => r with { Index = index++ }).ToList(),
            (shipments ?? []).Select(s => s with { Index = index++ }).ToList(),
            (reports ?? []).Select(r => r with { Index = index++ }).ToList());
        var engine = _engines[subjectId];
        var outcome = engine.Apply(batch);
        Commit(engine, outcome.Change);
        return outcome.Result;
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
            var dues = Engines().Select(e => (Engine: e, Due: e.NextDue())).Where(d => d.Due is not null && d.Due <= target).ToList();
            if (dues.Count == 0) break;
            var at = dues.Min(d => d.Due!.Value);
            if (at > Now) Clock.Advance(at - Now);
            foreach (var (engine, _) in dues.Where(d => d.Due <= Now))
            {
                Commit(engine, engine.Tick());
                // A grain would re-arm its timer at once and spin: the engine must move its next check forward.
                if (engine.NextDue() is { } again && again <= Now) throw new InvalidOperationException($"{engine.Id}: a time-based check stays due after running at {Now:O}");
            }
        }
        if (target > Now) Clock.Advance(target - Now);
    }

    public DisruptionActionResult Acknowledge(string subjectId, string disruptionId, string actor, string note)
    {
        var engine = _engines[subjectId];
        var (result, change) = engine.Acknowledge(disruptionId, actor, note);
        Commit(engine, change);
        return result;
    }

    public DisruptionActionResult Resolve(string subjectId, string disruptionId, string actor, string note)
    {
        var engine = _engines[subjectId];
        var (result, change) = engine.Resolve(disruptionId, actor, note);
        Commit(engine, change);
        return result;
    }

    private IncidentBook Book(string subjectId)
    {
        if (!_incidents.TryGetValue(subjectId, out var book)) _incidents[subjectId] = book = new IncidentBook(new IncidentBookState(), subjectId);
        return book;
    }

    /// <summary>What a subject grain tells its commodities after a change.</summary>
    private void ReportConditions(SubjectEngine engine)
    {
        if (engine is NodeEngine node)
        {
            foreach (var (commodity, condition) in node.ConditionsToReport()) _commodities[commodity].Take(condition);
        }
        else if (engine is LaneEngine lane && lane.ConditionToReport() is { } condition)
        {
            _commodities[lane.Commodities[0]].Take(condition);
        }
    }

    private IEnumerable<SubjectEngine> Engines() => _engines.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// What a grain does once a change is stored: publishes the outbox (here: onto the timeline) and delivers a
    /// pending signal to the neighbours the engine names, whose own changes are committed the same way (breadth first).
    /// </summary>
    private void Commit(SubjectEngine first, SubjectChange _)
    {
        var pending = new Queue<SubjectEngine>();
        pending.Enqueue(first);
        while (pending.TryDequeue(out var engine))
        {
            Timeline.AddRange(engine.Outbox);
            foreach (var d in engine.Outbox.Select(e => e.Disruption).OfType<Disruption>())
            {
                foreach (var subject in IncidentRouting.BooksOf(d)) Book(subject).Track(d, Now);
            }
            engine.Published(engine.Outbox.Count);
            ReportConditions(engine);
            if (engine.PendingSignal is not { } signal) continue;
            foreach (var delivery in engine.Deliveries(signal))
            {
                var neighbour = _engines[delivery.TargetId];
                if (neighbour.Receive(engine.Id, delivery.Signal) is not null) pending.Enqueue(neighbour);
            }
            engine.Delivered(signal);
        }
    }
}
