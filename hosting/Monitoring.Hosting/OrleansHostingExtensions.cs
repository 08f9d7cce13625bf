using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Indicators;
using Monitoring.Grains;
using Monitoring.Grains.Disruptions;
using Monitoring.Grains.Incidents;
using Monitoring.Grains.Persistence;
using Monitoring.Hosting.Settings;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;

namespace Monitoring.Hosting;

/// <summary>Wires Orleans from configuration ("Orleans" section): a silo (standalone or embedded in the gateway) or a client.</summary>
public static class OrleansHostingExtensions
{
    /// <summary>The Orleans settings, with ConnectionStrings:redis as the Redis address when Orleans:Redis is not set; throws on any problem.</summary>
    public static OrleansHostingOptions GetOrleansOptions(this IConfiguration configuration)
    {
        var options = configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        options.Redis ??= configuration.GetConnectionString("redis");
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        return options;
    }

    /// <summary>Hosts a silo in this process, with the Monitoring grains; its meters join the process's /metrics.</summary>
    public static IHostApplicationBuilder AddMonitoringSilo(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetOrleansOptions();
        builder.Services.AddMonitoringGrainServices(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            ClusterStoreSetup.For(options).ConfigureSilo(silo);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            if (options.Tls.Enabled) silo.UseTls(options.Tls.Configure);
            // Collects what the Orleans dashboard (served by gateways at /orleans, admins only) shows;
            // method profiling runs only while someone has the dashboard open.
            if (options.Dashboard.Enabled) silo.AddDashboard(o => ConfigureDashboard(o, options));
            // Trace context travels with grain calls only while tracing is on: off, the calls pay nothing for it.
            if (builder.TracingEnabled()) silo.AddActivityPropagation();
        });
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(SiloMetrics.MeterName, "Microsoft.Orleans"));
        // A stopping silo hands its grains over: they deactivate (storing pending batches) before it leaves.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>Connects this process to an external cluster as a client.</summary>
    public static IHostApplicationBuilder AddMonitoringClient(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetOrleansOptions();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            ClusterStoreSetup.For(options).ConfigureClient(client);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            if (options.Tls.Enabled) client.UseTls(options.Tls.Configure);
            if (options.Dashboard.Enabled) client.AddDashboard(o => ConfigureDashboard(o, options));
            if (builder.TracingEnabled()) client.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>Services the grains need, shared by every silo including test clusters.</summary>
    public static IServiceCollection AddMonitoringGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        // Orleans' binary serializer for grain state: about 4x smaller and faster than the JSON default.
        // Chosen once: stored state written with one serializer cannot be read with the other.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<DetectionOptions>(configuration);
        services.AddValidatedOptions<IndicatorOptions>(configuration);
        services.AddValidatedOptions<DisruptionIndexOptions>(configuration);
        services.AddValidatedOptions<IncidentOptions>(configuration);
        services.AddValidatedOptions<CheckpointOptions>(configuration);
        services.AddSingleton<CheckpointClock>();
        return services;
    }

    private static void ConfigureDashboard(DashboardOptions dashboard, OrleansHostingOptions options)
    {
        dashboard.HideTrace = options.Dashboard.HideTrace;
        dashboard.CounterUpdateIntervalMs = options.Dashboard.CounterUpdateIntervalMs;
    }
}
