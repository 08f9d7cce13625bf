using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Topology;
using Monitoring.Gateway.Api;
using Monitoring.Gateway.Demo;
using Monitoring.Gateway.Events;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Metrics;
using Monitoring.Gateway.Security;
using Monitoring.Gateway.Topology;
using Monitoring.Hosting;
using Monitoring.Hosting.Settings;
using Orleans.Dashboard;

namespace Monitoring.Gateway;

/// <summary>Everything the gateway wires up, in one place.</summary>
public static class GatewayHostingExtensions
{
    public static WebApplicationBuilder AddMonitoringGateway(this WebApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetValidated<GatewayOptions>();
        if (gateway.EmbeddedSilo) builder.AddMonitoringSilo();
        else builder.AddMonitoringClient();
        builder.AddMonitoringObservability(GatewayMetrics.MeterName);
        builder.AddMonitoringTracing("monitoring-gateway");

        var services = builder.Services;
        services.AddValidatedOptions<GatewayOptions>(builder.Configuration);
        services.AddValidatedOptions<IngestOptions>(builder.Configuration);
        services.AddValidatedOptions<MetricsOptions>(builder.Configuration);
        services.AddValidatedOptions<DemoOptions>(builder.Configuration);
        services.AddValidatedOptions<TopologyLimits>(builder.Configuration);
        services.AddValidatedOptions<EventOptions>(builder.Configuration);
        services.AddMonitoringAuth(builder.Configuration);
        // Connection caps (Kestrel:Limits, docs/deploy.md): Kestrel reads only its endpoints from configuration by itself.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => builder.Configuration.GetSection("Kestrel:Limits").Bind(o.Limits));
        // Providers identified by TLS client certificates of their CA (Auth:ProviderCaPath): asked for, never required.
        if (builder.Configuration[$"{AuthOptions.SectionName}:ProviderCaPath"] is { Length: > 0 } providerCa && File.Exists(providerCa))
        {
            var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(providerCa));
            services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => Hosting.ClusterTls.SignedBy(certificate, ca);
            }));
        }
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<SubjectRegistryCache>();
        services.AddSingleton<TopologyCommands>();
        services.AddSingleton<BatchApplier>();
        services.AddSingleton<DeclaredReportTally>();
        services.AddSingleton<ProviderLimits>();
        services.AddSingletonHostedService<FeedActivityRecorder>();
        services.AddSingletonHostedService<IndicatorGauges>();
        services.AddSingletonHostedService<ClusterGauges>();
        services.AddSingleton<EventHub>();
        services.AddSingleton<SubscriberLimits>();
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
        }).AddJsonTranscoding(o =>
        {
            // The JSON API shows an error's structured details (google.rpc.BadRequest, ResourceInfo, RetryInfo: GrpcErrors).
            o.TypeRegistry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);
        });
        return builder;
    }

    public static WebApplication MapMonitoringGateway(this WebApplication app)
    {
        app.UseJsonBodyLimit();
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
        var metricsNeedKey = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.RequireKey;
        app.MapMonitoringHealth(metrics => { if (metricsNeedKey) metrics.RequireAuthorization(Policies.Read); });
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
