using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Monitoring.Api.V1;
using Monitoring.Bench.Workloads;
using Monitoring.Contracts;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Subjects;
using Monitoring.Domain.Topology;
using Monitoring.Gateway.Ingest;
using Metric = Monitoring.Contracts.Metric;
using SubjectType = Monitoring.Contracts.SubjectType;

namespace Monitoring.Bench.Micro;

/// <summary>
/// The hot paths of ingest, one W1 batch (500 observations over 50 subjects) at a time: protobuf
/// parsing, validation + mapping to records + grouping by subject (the gateway's planner), and the
/// detection rules of one node applying its ten readings. Per-observation costs are these / 500 (or / 10).
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private byte[] _wire = [];
    private PublishRequest _request = new();
    private SubjectRegistry _registry = SubjectRegistry.Empty;
    private readonly IngestOptions _options = new();
    private DateTimeOffset _now;
    private NodeState _node = new();
    private RuleThresholds _thresholds = RuleThresholds.Defaults;
    private readonly DetectionOptions _detection = new();
    private SubjectBatch _nodeBatch = null!;
    private ulong _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(WorkloadKind.W1, nodes: 2_000, lanes: 1_000, feeds: 1);
        var topology = TopologyYaml.Load(workload.TopologyYaml()).Topology!;
        _registry = SubjectRegistry.For(topology, 1);
        _now = DateTimeOffset.UtcNow;
        var batches = workload.ForFeed(0, "micro", seed: 1);
        _request = new PublishRequest { FeedId = "micro", Sequence = 1 };
        _request.Observations.AddRange(batches.Next(_now));
        _wire = _request.ToByteArray();

        var configuration = SubjectConfigurations.Nodes(topology, 1).First();
        _node = new NodeState { Configuration = configuration, LastReceivedAt = _now };
        _thresholds = NodeMonitor.ThresholdsFor(configuration.Spec, _detection);
        var plan = IngestPlanner.Plan(_request, _registry, _now, _options);
        _nodeBatch = plan.Work.First(w => w.Type == SubjectType.Node).Batch;
        _nodeBatch = _nodeBatch with
        {
            Readings = [.. Enumerable.Range(0, 10).Select(i => new NodeReading(i, _now, i % 4 == 3 ? Metric.PowerAvailability : Metric.Utilization, i % 4 == 3 ? 0.995 : 0.85, null))],
        };
    }

    [Benchmark(Description = "parse a 500-observation PublishRequest")]
    public PublishRequest Parse() => PublishRequest.Parser.ParseFrom(_wire);

    [Benchmark(Description = "plan it: validate, map to records, group by subject")]
    public IngestPlan Plan() => IngestPlanner.Plan(_request, _registry, _now, _options);

    [Benchmark(Description = "detection rules: one node applies 10 readings")]
    public int ApplyNodeReadings()
    {
        var batch = _nodeBatch with { Sequence = ++_sequence };
        var monitor = new NodeMonitor(_node, _thresholds, _detection, TimeProvider.System, _now);
        monitor.Apply(batch, []);
        monitor.Tick();
        return monitor.Disruptions.Events.Count;
    }
}
