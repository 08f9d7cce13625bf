using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Metrics;

/// <summary>
/// The latest indicators of every commodity as Prometheus gauges (docs/metrics.md): the score, and per stage
/// the available capacity ratio, the HHI by country and the top country's share. Kept current by
/// INDICATORS_CHANGED events, and read in full from the cluster every minute (and at start), so a
/// gateway that just started or missed an event still exports the right values.
/// </summary>
public sealed class IndicatorGauges : BackgroundService
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Contracts.CommodityIndicators> _latest = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly SubjectRegistryCache _registry;
    private readonly ILogger<IndicatorGauges> _logger;

    public IndicatorGauges(IMeterFactory meterFactory, IGrainFactory grains, SubjectRegistryCache registry, ILogger<IndicatorGauges> logger)
    {
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
    }

    /// <summary>An INDICATORS_CHANGED event arrived; older values (by computation time) never replace newer ones.</summary>
    public void Update(Contracts.CommodityIndicators indicators) =>
        _latest.AddOrUpdate(indicators.Commodity, indicators, (_, known) => known.ComputedAt > indicators.ComputedAt ? known : indicators);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = ResyncInterval;
            try
            {
                var registry = await _registry.GetAsync();
                var all = await Task.WhenAll(registry.Commodities.Select(c => _grains.GetGrain<ICommodityGrain>(c).GetIndicators()));
                foreach (var indicators in all) Update(indicators);
                foreach (var gone in _latest.Keys.Except(registry.Commodities).ToList()) _latest.TryRemove(gone, out _);
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

    private static KeyValuePair<string, object?> Commodity(Contracts.CommodityIndicators i) => new("commodity", i.Commodity);
}
