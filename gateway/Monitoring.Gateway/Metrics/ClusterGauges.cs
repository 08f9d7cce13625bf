using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Topology;
using static Monitoring.Contracts.OperationalStatusExtensions;

namespace Monitoring.Gateway.Metrics;

/// <summary>
/// Gauges of the whole cluster's state (docs/metrics.md): active disruptions by commodity, kind and severity;
/// active incidents by commodity and severity; nodes by status; the age of every feed's last batch; optionally
/// one series per open disruption and one per active incident. Read from the disruption and incident indexes,
/// commodity and feed directory grains every <see cref="MetricsOptions.RefreshInterval"/>; a disruption or
/// incident event makes its commodities read again within <see cref="EventDebounce"/>. Every gateway
/// exports the same values, so alert rules aggregate them with max by / min by, never sum.
/// </summary>
public sealed class ClusterGauges : BackgroundService
{
    /// <summary>Disruption events arriving together cause one read.</summary>
    public static readonly TimeSpan EventDebounce = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private static readonly Contracts.DisruptionKind[] Kinds = Enum.GetValues<Contracts.DisruptionKind>();
    private static readonly Contracts.Severity[] Severities = Enum.GetValues<Contracts.Severity>();
    private static readonly Contracts.OperationalStatus[] Statuses = Enum.GetValues<Contracts.OperationalStatus>();

    private readonly IGrainFactory _grains;
    private readonly SubjectRegistryCache _registry;
    private readonly FeedActivityRecorder _localFeeds;
    private readonly MetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterGauges> _logger;
    private readonly ConcurrentDictionary<string, CommodityReading> _commodities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private volatile IReadOnlyList<Contracts.FeedActivity> _feeds = [];
    private volatile int _nodeCount;
    private volatile TopologyShape _shape = TopologyShape.Empty;

    public ClusterGauges(IMeterFactory meterFactory, IGrainFactory grains, SubjectRegistryCache registry, FeedActivityRecorder localFeeds, IOptions<MetricsOptions> options, TimeProvider time, ILogger<ClusterGauges> logger)
    {
        _grains = grains;
        _registry = registry;
        _localFeeds = localFeeds;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("monitoring.disruptions.active", ActiveDisruptions,
            description: "Active (open or acknowledged) disruptions by commodity, kind and severity");
        meter.CreateObservableGauge("monitoring.incidents.open", OpenIncidentsBySeverity,
            description: "Active (open or acknowledged) incidents by commodity and severity");
        meter.CreateObservableGauge("monitoring.nodes", NodesByStatus,
            description: "Nodes of the topology by operational status");
        meter.CreateObservableGauge("monitoring.feed.age", FeedAges, unit: "s",
            description: "Seconds since a feed's last batch was received");
        if (_options.OpenDisruptionSeries)
        {
            meter.CreateObservableGauge("monitoring.disruption.open", OpenDisruptions,
                description: "1 for each active disruption, labelled with its subject (enabled by Metrics:OpenDisruptionSeries)");
        }
        if (_options.OpenIncidentSeries)
        {
            meter.CreateObservableGauge("monitoring.incident.lost_tonnes_per_day", OpenIncidents,
                description: "Supply each active incident takes out, tonnes per day, labelled with its title, severity and dashboard link (enabled by Metrics:OpenIncidentSeries)");
        }
    }

    /// <summary>A disruption or an incident changed: its commodities are read again shortly.</summary>
    public void Touch(IEnumerable<string> commodities)
    {
        foreach (var commodity in commodities) _dirty[commodity] = 0;
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextFull = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextFull)
                {
                    _dirty.Clear();
                    nextFull = await RefreshAllAsync() ? _time.GetUtcNow() + _options.RefreshInterval : _time.GetUtcNow() + RetryInterval;
                }
                else if (!_dirty.IsEmpty)
                {
                    await Task.Delay(EventDebounce, _time, stoppingToken);
                    var codes = _dirty.Keys.ToList();
                    foreach (var code in codes) _dirty.TryRemove(code, out _);
                    await RefreshShapeAsync(_registry.Current.Version);
                    await Task.WhenAll(codes.Select(RefreshCommodityAsync));
                }
                var wait = nextFull - _time.GetUtcNow();
                if (wait > TimeSpan.Zero && _dirty.IsEmpty) await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> RefreshAllAsync()
    {
        try
        {
            var registry = await _registry.GetAsync();
            var feeds = _grains.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey).List();
            await RefreshShapeAsync(registry.Version);
            var read = await Task.WhenAll(registry.Commodities.Select(RefreshCommodityAsync));
            foreach (var gone in _commodities.Keys.Except(registry.Commodities).ToList()) _commodities.TryRemove(gone, out _);
            _nodeCount = registry.Subjects.Values.Count(t => t == Contracts.SubjectType.Node);
            _feeds = await feeds;
            _localFeeds.Forget(_time.GetUtcNow() - _options.FeedRetiredAfter);
            return read.All(ok => ok);
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "could not read the cluster gauges; trying again in {Interval}", RetryInterval);
            return false;
        }
    }

    /// <summary>Node kinds and lane ends label the per-disruption series: read once per topology version (a failure keeps the old).</summary>
    private async Task RefreshShapeAsync(long version)
    {
        if (!_options.OpenDisruptionSeries || _shape.Version == version) return;
        try
        {
            _shape = TopologyShape.Of(await _grains.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey).Get());
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "could not read the topology for the per-disruption series");
        }
    }

    /// <summary>Reads one commodity's gauges; on failure the last reading stands and false is returned.</summary>
    private async Task<bool> RefreshCommodityAsync(string code)
    {
        try
        {
            var index = _grains.GetGrain<IDisruptionIndexGrain>(code);
            var incidentIndex = _grains.GetGrain<IIncidentIndexGrain>(code);
            var tallies = index.Tally();
            var incidentTallies = incidentIndex.Tally();
            var statuses = _grains.GetGrain<ICommodityGrain>(code).GetNodeStatuses();
            IReadOnlyList<Contracts.Disruption> open = _options.OpenDisruptionSeries
                ? await index.List(Contracts.DisruptionQuery.Active with { Limit = _options.MaxOpenDisruptionSeries })
                : [];
            IReadOnlyList<Contracts.Incident> incidents = _options.OpenIncidentSeries
                ? await incidentIndex.List(Contracts.IncidentQuery.Active with { Limit = _options.MaxOpenIncidentSeries })
                : [];
            _commodities[code] = new CommodityReading(await tallies, await statuses, open, await incidentTallies, incidents);
            return true;
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "could not read the gauges of {Commodity}", code);
            return false;
        }
    }

    private IEnumerable<Measurement<int>> ActiveDisruptions()
    {
        foreach (var (commodity, reading) in _commodities)
        {
            var active = reading.Tallies.ToDictionary(t => (t.Kind, t.Severity), t => t.Active);
            foreach (var kind in Kinds)
            {
                foreach (var severity in Severities)
                {
                    yield return new Measurement<int>(active.GetValueOrDefault((kind, severity)),
                        new KeyValuePair<string, object?>("commodity", commodity),
                        new KeyValuePair<string, object?>("kind", Contracts.MetricLabel.Of(kind)),
                        new KeyValuePair<string, object?>("severity", Contracts.MetricLabel.Of(severity)));
                }
            }
        }
    }

    /// <summary>A node in several commodities is counted once, at the worst status any of them reports.</summary>
    private IEnumerable<Measurement<int>> NodesByStatus()
    {
        var worst = new Dictionary<string, Contracts.OperationalStatus>(StringComparer.Ordinal);
        foreach (var reading in _commodities.Values)
        {
            foreach (var node in reading.NotOperational)
            {
                if (!worst.TryGetValue(node.NodeId, out var known) || node.Status.Rank() > known.Rank()) worst[node.NodeId] = node.Status;
            }
        }
        foreach (var status in Statuses)
        {
            var count = status == Contracts.OperationalStatus.Operational
                ? Math.Max(0, _nodeCount - worst.Count)
                : worst.Values.Count(s => s == status);
            yield return new Measurement<int>(count, new KeyValuePair<string, object?>("status", Contracts.MetricLabel.Of(status)));
        }
    }


    /// <summary>The cluster's directory, refreshed periodically, corrected by what this gateway received since.</summary>
    private IEnumerable<Measurement<double>> FeedAges()
    {
        var now = _time.GetUtcNow();
        var last = _feeds.ToDictionary(f => f.FeedId, f => f.LastBatchAt, StringComparer.Ordinal);
        foreach (var (feed, at) in _localFeeds.LastBatchAt)
        {
            if (!last.TryGetValue(feed, out var known) || at > known) last[feed] = at;
        }
        foreach (var (feed, at) in last)
        {
            var age = (now - at).TotalSeconds;
            if (age > _options.FeedRetiredAfter.TotalSeconds) continue;
            yield return new Measurement<double>(Math.Max(0, age), new KeyValuePair<string, object?>("feed", feed));
        }
    }

    private IEnumerable<Measurement<int>> OpenDisruptions()
    {
        var shape = _shape;
        foreach (var (commodity, reading) in _commodities)
        {
            foreach (var d in reading.Open)
            {
                var (subjectKind, from, to) = shape.Describe(d);
                yield return new Measurement<int>(1, [
                    new("commodity", commodity),
                    new("kind", Contracts.MetricLabel.Of(d.Kind)),
                    new("severity", Contracts.MetricLabel.Of(d.Severity)),
                    new("state", Contracts.MetricLabel.Of(d.State)),
                    new("subject", d.SubjectId),
                    new("subject_kind", subjectKind),
                    new("from_node", from),
                    new("to_node", to),
                ]);
            }
        }
    }

    private IEnumerable<Measurement<int>> OpenIncidentsBySeverity()
    {
        foreach (var (commodity, reading) in _commodities)
        {
            var open = reading.IncidentTallies.ToDictionary(t => t.Severity, t => t.Open);
            foreach (var severity in Severities)
            {
                yield return new Measurement<int>(open.GetValueOrDefault(severity),
                    new KeyValuePair<string, object?>("commodity", commodity),
                    new KeyValuePair<string, object?>("severity", Contracts.MetricLabel.Of(severity)));
            }
        }
    }

    /// <summary>One series per active incident, however many commodities list it; its labels change only with its title, severity or state.</summary>
    private IEnumerable<Measurement<double>> OpenIncidents()
    {
        var newest = new Dictionary<string, Contracts.Incident>(StringComparer.Ordinal);
        foreach (var incident in _commodities.Values.SelectMany(r => r.Incidents))
        {
            if (!newest.TryGetValue(incident.Id, out var known) || incident.Version > known.Version) newest[incident.Id] = incident;
        }
        foreach (var i in newest.Values)
        {
            yield return new Measurement<double>(i.Impact.LostTonnesPerDay, [
                new("incident", i.Id),
                new("title", i.Title),
                new("severity", Contracts.MetricLabel.Of(i.Severity)),
                new("state", Contracts.MetricLabel.Of(i.State)),
                new("root_subject", i.RootSubjectId),
                new("commodities", string.Join(",", i.Commodities)),
                new("dashboard", _options.IncidentLink(i.Id)),
            ]);
        }
    }

    private sealed record CommodityReading(
        IReadOnlyList<Contracts.DisruptionTally> Tallies,
        IReadOnlyList<Contracts.NodeStatus> NotOperational,
        IReadOnlyList<Contracts.Disruption> Open,
        IReadOnlyList<Contracts.IncidentTally> IncidentTallies,
        IReadOnlyList<Contracts.Incident> Incidents);

    /// <summary>What the per-disruption series need of the topology: each node's kind and each lane's ends.</summary>
    private sealed record TopologyShape(long Version, IReadOnlyDictionary<string, string> NodeKinds, IReadOnlyDictionary<string, (string From, string To)> LaneEnds)
    {
        public static readonly TopologyShape Empty = new(-1, new Dictionary<string, string>(), new Dictionary<string, (string, string)>());

        public static TopologyShape Of(Contracts.TopologyView view) => new(
            view.Version,
            view.Topology?.Nodes.ToDictionary(n => n.Id, n => Contracts.MetricLabel.Of(n.Kind), StringComparer.Ordinal) ?? new Dictionary<string, string>(),
            view.Topology?.Lanes.ToDictionary(l => l.Id, l => (l.FromNodeId, l.ToNodeId), StringComparer.Ordinal) ?? new Dictionary<string, (string, string)>());

        public (string SubjectKind, string From, string To) Describe(Contracts.Disruption d) =>
            d.SubjectType == Contracts.SubjectType.Lane
                ? ("lane", LaneEnds.TryGetValue(d.SubjectId, out var ends) ? ends.From : "", LaneEnds.TryGetValue(d.SubjectId, out ends) ? ends.To : "")
                : (NodeKinds.TryGetValue(d.SubjectId, out var kind) ? kind : "node", "", "");
    }
}
