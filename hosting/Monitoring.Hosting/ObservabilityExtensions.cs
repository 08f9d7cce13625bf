using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Monitoring.Hosting;

/// <summary>Metrics, health and readiness, the same on the silo and the gateway.</summary>
public static class ObservabilityExtensions
{
    /// <summary>Health checks with this tag decide /readyz; /healthz only says the process is up.</summary>
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddMonitoringObservability(this IHostApplicationBuilder builder, params string[] meters)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // HTTP request duration and Kestrel connections come from ASP.NET Core's own meters; the
            // scrape, health and readiness endpoints are left out of them (DisableHttpMetrics below).
            metrics.AddMeter(meters);
            metrics.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
            // .NET's own: GC heap, allocations, CPU time, thread pool (dotnet_*; capacity planning and the benchmarks read them).
            metrics.AddMeter("System.Runtime");
            // Every scrape sees current values (the exporter would otherwise serve a copy up to 300 ms old).
            metrics.AddPrometheusExporter(o =>
            {
                o.ScopeInfoEnabled = false;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            });
        });
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <param name="metrics">Conventions for <c>/metrics</c> (the gateway can put it behind a key).</param>
    public static WebApplication MapMonitoringHealth(this WebApplication app, Action<IEndpointConventionBuilder>? metrics = null)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).DisableHttpMetrics();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReport,
        }).DisableHttpMetrics();
        var scraping = app.MapPrometheusScrapingEndpoint("/metrics").DisableHttpMetrics();
        metrics?.Invoke(scraping);
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? " (" + d + ")" : "")}");
        return context.Response.WriteAsync($"{report.Status}\n{string.Join("\n", lines)}\n");
    }
}
