using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Metrics;

/// <summary>
/// The latest indicators of every commodity as Prometheus gauges (docs/metrics.md): the score, and per stage
/// the available capacity ratio, the HHI by country and the top country's share. Kept current by
/// INDICATORS_CHANGED events, and read in full from the cluster every minute (and at start), so a
/// gateway that just started or missed an event still exports the right values. Also, read every minute, the
/// sourcing of Metrics:SourcingCountry: each origin country's share per stage and the net import reliance.
/// </summary>
public sealed class IndicatorGauges : BackgroundService
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Contracts.CommodityIndicators> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Contracts.Sourcing> _sourcing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sourcingReadAt = new(StringComparer.Ordinal);
    private readonly string _consumer;
    private readonly IGrainFactory _grains;
    private readonly SubjectRegistryCache _registry;
    private readonly ILogger<IndicatorGauges> _logger;

    public IndicatorGauges(IMeterFactory meterFactory, IGrainFactory grains, SubjectRegistryCache registry, IOptions<MetricsOptions> options, ILogger<IndicatorGauges> logger)
    {
        _consumer = options.Value.SourcingCountry;
        _grains = grains;
        _registry = registry;
        _logger = logger;
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("monitoring.resilience.score",
            () => _latest.Values.Select(i => new Measurement<double>(i.Score.Value, Commodity(i))),
            description: "Resilience score of a commodity, 0-100 (docs/indicators.md)");
        meter.CreateObservableGauge("monitoring.stage.available_capacity_ratio",
            () => Stages(s => s.AvailableRatio), description: "Available capacity over nameplate capacity of a stage, 0-1");
        meter.CreateObservableGauge("monitoring.stage.hhi",
            () => Stages(s => s.HhiCountry), description: "Herfindahl-Hirschman index of a stage's capacity by country, 0-10000");
        meter.CreateObservableGauge("monitoring.stage.top_country_share",
            () => Stages(s => s.TopCountryShare), description: "Share of a stage's capacity held by its largest country, 0-1");
        meter.CreateObservableGauge("monitoring.sourcing.share", OriginShares,
            description: "Share of the consumer country's supply that went through a stage in an origin country, 0-1 (docs/indicators.md, Sourcing)");
        meter.CreateObservableGauge("monitoring.sourcing.net_import_reliance", ImportReliance,
            description: "Net import reliance of the consumer country at a stage, (consumption - domestic production) / consumption, 0-1");
    }

    /// <summary>
    /// An INDICATORS_CHANGED event arrived; older values (by computation time) never replace newer ones. A commodity
    /// whose sourcing is unknown or a minute old has it read again (a new topology, a gateway that just started).
    /// </summary>
    public void Update(Contracts.CommodityIndicators indicators)
    {
        _latest.AddOrUpdate(indicators.Commodity, indicators, (_, known) => known.ComputedAt > indicators.ComputedAt ? known : indicators);
        var now = Environment.TickCount64;
        var last = _sourcingReadAt.GetValueOrDefault(indicators.Commodity, long.MinValue);
        if (last != long.MinValue && now - last < (long)ResyncInterval.TotalMilliseconds) return;
        _sourcingReadAt[indicators.Commodity] = now;
        _ = ReadSourcingAsync(indicators.Commodity);
    }

    private async Task ReadSourcingAsync(string commodity)
    {
        try
        {
            _sourcing[commodity] = await _grains.GetGrain<ICommodityGrain>(commodity).GetSourcing(_consumer);
        }
        catch (Exception e)
        {
            _sourcingReadAt.TryRemove(commodity, out _);
            _logger.LogDebug(e, "could not read the sourcing of {Commodity} for the gauges", commodity);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = ResyncInterval;
            try
            {
                var registry = await _registry.GetAsync();
                var all = await Task.WhenAll(registry.Commodities.Select(c => _grains.GetGrain<ICommodityGrain>(c).GetIndicators()));
                // This resync reads every commodity's sourcing below: the updates need not read it too.
                foreach (var commodity in registry.Commodities) _sourcingReadAt[commodity] = Environment.TickCount64;
                foreach (var indicators in all) Update(indicators);
                foreach (var gone in _latest.Keys.Except(registry.Commodities).ToList()) _latest.TryRemove(gone, out _);
                var sourcing = await Task.WhenAll(registry.Commodities.Select(c => _grains.GetGrain<ICommodityGrain>(c).GetSourcing(_consumer)));
                foreach (var s in sourcing) _sourcing[s.Commodity] = s;
                foreach (var gone in _sourcing.Keys.Union(_sourcingReadAt.Keys).Except(registry.Commodities).ToList())
                {
                    _sourcing.TryRemove(gone, out _);
                    _sourcingReadAt.TryRemove(gone, out _);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                wait = RetryInterval;
                _logger.LogDebug(e, "could not read the indicators for the gauges; trying again in {Interval}", wait);
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<double>> Stages(Func<Contracts.StageIndicators, double> value) =>
        _latest.Values.SelectMany(i => i.Stages.Select(s => new Measurement<double>(value(s),
            new KeyValuePair<string, object?>("commodity", i.Commodity), new KeyValuePair<string, object?>("stage", Contracts.MetricLabel.Of(s.Stage)))));

    private IEnumerable<Measurement<double>> OriginShares() =>
        _sourcing.Values.SelectMany(s => s.Stages.SelectMany(stage => stage.Origins.Select(o => new Measurement<double>(o.Share,
            new KeyValuePair<string, object?>("commodity", s.Commodity), new KeyValuePair<string, object?>("consumer", s.ConsumerCountry),
            new KeyValuePair<string, object?>("stage", Contracts.MetricLabel.Of(stage.Stage)), new KeyValuePair<string, object?>("country", o.Country)))));

    private IEnumerable<Measurement<double>> ImportReliance() =>
        _sourcing.Values.SelectMany(s => s.Stages.Select(stage => new Measurement<double>(stage.NetImportReliance,
            new KeyValuePair<string, object?>("commodity", s.Commodity), new KeyValuePair<string, object?>("consumer", s.ConsumerCountry),
            new KeyValuePair<string, object?>("stage", Contracts.MetricLabel.Of(stage.Stage)))));

    private static KeyValuePair<string, object?> Commodity(Contracts.CommodityIndicators i) => new("commodity", i.Commodity);
}
