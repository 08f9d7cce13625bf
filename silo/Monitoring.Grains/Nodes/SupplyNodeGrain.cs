using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Grains.Detection;
using Orleans.Runtime;

namespace Monitoring.Grains.Nodes;

/// <summary>A supply node: applies its observations and runs detection in the same turn.</summary>
public sealed class SupplyNodeGrain(
    [PersistentState("node", GrainStorage.Name)] IPersistentState<NodeState> storage,
    TimeProvider time,
    IOptions<DetectionOptions> options,
    ILogger<SupplyNodeGrain> logger)
    : SubjectGrain<NodeState>(storage, time, options, logger), ISupplyNodeGrain
{
    private readonly RecentPoints _recent = new(options.Value.RecentPointsPerMetric);

    protected override bool IsConfigured => State.Configuration is not null;

    protected override SubjectType SubjectType => SubjectType.Node;

    public async Task Configure(NodeConfiguration configuration)
    {
        State.Configuration = configuration;
        await WriteAsync();
    }

    public Task Decommission(long topologyVersion) => RetireAsync();

    public Task<ApplyResult> Apply(SubjectBatch batch) => ApplyBatch(batch);

    public Task<NodeSnapshot> GetSnapshot()
    {
        if (State.Configuration is not { } configuration)
        {
            DeactivateOnIdle();
            return Task.FromResult(new NodeSnapshot(null, OperationalStatus.Unknown, [], [], null, 0));
        }
        var monitor = Monitor();
        var metrics = State.Series
            .Select(kv => ToView(configuration.Spec, kv.Key, kv.Value))
            .OrderBy(m => m.Metric).ThenBy(m => m.Commodity)
            .ToList();
        return Task.FromResult(new NodeSnapshot(
            configuration.Spec,
            monitor.Disruptions.Status(),
            metrics,
            [.. monitor.Disruptions.Active, .. monitor.Disruptions.RecentlyClosed],
            State.LastObservationAt,
            State.ObservationsApplied));
    }

    protected override IReadOnlyList<ItemRejection> Validate(SubjectBatch batch) => NodeMonitor.Validate(State.Configuration!.Spec, batch);

    protected override SubjectMonitor Monitor(DateTimeOffset? triggerReceivedAt = null) => new NodeMonitor(State, Options, triggerReceivedAt);

    protected override void OnApplied(SubjectBatch batch, IReadOnlyList<ItemRejection> rejected)
    {
        var spec = State.Configuration!.Spec;
        foreach (var reading in batch.Readings)
        {
            if (rejected.Count > 0 && rejected.Any(r => r.Index == reading.Index)) continue;
            _recent.Add(NodeMonitor.SeriesKey(spec, reading), new MetricPoint(reading.ObservedAt, reading.Value));
        }
    }

    private MetricSeriesView ToView(NodeSpec spec, string key, MetricSeriesState series)
    {
        var slash = key.IndexOf('/');
        var metric = Enum.Parse<Metric>(slash < 0 ? key : key[..slash]);
        var commodity = slash < 0 ? "" : key[(slash + 1)..];
        return new MetricSeriesView(metric, commodity, series.Latest, series.LatestAt, series.Ewma, _recent.Get(key));
    }
}
