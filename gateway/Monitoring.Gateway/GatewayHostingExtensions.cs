using Monitoring.Gateway.Api;
using Monitoring.Gateway.Demo;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Security;
using Monitoring.Gateway.Topology;
using Monitoring.Grains;
using Monitoring.Hosting;
using Orleans.Dashboard;

namespace Monitoring.Gateway;

/// <summary>Everything the gateway wires up, in one place.</summary>
public static class GatewayHostingExtensions
{
    public static WebApplicationBuilder AddMonitoringGateway(this WebApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        if (gateway.EmbeddedSilo)
        {
            builder.AddMonitoringSilo();
            builder.AddMonitoringObservability(GatewayMetrics.MeterName, SiloMetrics.MeterName, "Microsoft.Orleans");
        }
        else
        {
            builder.AddMonitoringClient();
            builder.AddMonitoringObservability(GatewayMetrics.MeterName);
        }

        var services = builder.Services;
        services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.SectionName))
            .Validate(o => o.MaxInFlightBatchesPerStream is >= 1 and <= IngestOptions.MaxInFlightLimit,
                $"Ingest:MaxInFlightBatchesPerStream must be 1..{IngestOptions.MaxInFlightLimit} (grains recognise resent batches within a window of 64 sequences)")
            .Validate(o => o.MaxObservationsPerBatch >= 1, "Ingest:MaxObservationsPerBatch must be at least 1")
            .Validate(o => o.ApplyTimeout >= TimeSpan.FromSeconds(1), "Ingest:ApplyTimeout must be at least 1 second")
            .Validate(o => o.UnaryTimeout >= TimeSpan.FromSeconds(1), "Ingest:UnaryTimeout must be at least 1 second")
            .Validate(o => o.ProviderObservationsPerSecond >= 1 && o.MaxStreamsPerProvider >= 1, "Ingest:ProviderObservationsPerSecond and Ingest:MaxStreamsPerProvider must be at least 1")
            .ValidateOnStart();
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.SectionName))
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(1), "Metrics:RefreshInterval must be at least 1 second")
            .Validate(o => o.MaxOpenDisruptionSeries >= 1, "Metrics:MaxOpenDisruptionSeries must be at least 1")
            .ValidateOnStart();
        services.AddMonitoringAuth(builder.Configuration);
        services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<SubjectRegistryCache>();
        services.AddSingleton<TopologyCommands>();
        services.AddSingleton<BatchApplier>();
        services.AddSingleton<ProviderLimits>();
        services.AddSingletonHostedService<FeedActivityRecorder>();
        services.AddSingletonHostedService<IndicatorGauges>();
        services.AddSingletonHostedService<ClusterGauges>();
        services.AddSingleton<EventHub>();
        services.AddSingletonHostedService<EventHubRegistration>();
        services.AddSingletonHostedService<DemoService>();

        services.AddHealthChecks()
            .AddCheck<OrleansReadiness>("cluster", tags: [ObservabilityExtensions.ReadyTag])
            .AddCheck<EventHubRegistration>("live-events", tags: [ObservabilityExtensions.ReadyTag])
            .AddCheck<DemoService>("demo", tags: [ObservabilityExtensions.ReadyTag]);

        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 16 * 1024 * 1024;
            o.Interceptors.Add<GrpcErrorInterceptor>();
        }).AddJsonTranscoding();
        return builder;
    }

    public static WebApplication MapMonitoringGateway(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<FeedGrpcService>();
        app.MapGrpcService<TopologyGrpcService>();
        app.MapGrpcService<MonitoringGrpcService>();
        app.MapEventStream();
        app.MapSession();
        app.MapAdminSession();
        if (app.Configuration.GetOrleansOptions().Dashboard.Enabled)
            app.MapOrleansDashboard(AdminSession.DashboardPath).RequireAuthorization(Policies.OrleansDashboard);
        app.MapMonitoringHealth();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app));
        return app;
    }

    /// <summary>One line that tells a newcomer where to look.</summary>
    private static void AnnounceAddresses(WebApplication app)
    {
        var http = Browsable(app.Configuration["Kestrel:Endpoints:Http:Url"]);
        app.Logger.LogInformation("Monitoring gateway up: status page and JSON API at {Http}, gRPC (HTTP/2) at {Grpc}, readiness at {Ready}",
            http, Browsable(app.Configuration["Kestrel:Endpoints:Grpc:Url"]), http + "readyz");
    }

    private static string Browsable(string? url) => url is null ? "(not configured)" : EndpointUrls.ToLocal(url).TrimEnd('/') + "/";

    /// <summary>Registers a hosted service that other services (and health checks) can also resolve.</summary>
    private static IServiceCollection AddSingletonHostedService<T>(this IServiceCollection services) where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
        return services;
    }
}
