using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitoring.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Grains.Disruptions;
using Monitoring.Domain.Indicators;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Storage;
using StackExchange.Redis;
using GrainStorageName = Monitoring.Grains.GrainStorage;

namespace Monitoring.Hosting;

/// <summary>Wires Orleans from configuration: a silo (standalone or embedded in the gateway) or a client.</summary>
public static class OrleansHostingExtensions
{
    public static OrleansHostingOptions GetOrleansOptions(this IConfiguration configuration)
    {
        var options = configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        options.Redis ??= configuration.GetConnectionString("redis");
        if (options.Store == ClusterStore.Redis && string.IsNullOrWhiteSpace(options.Redis))
        {
            throw new InvalidOperationException("Orleans:Store is Redis but no Redis address is configured: set Orleans:Redis (or ConnectionStrings:redis), for example localhost:6379.");
        }
        return options;
    }

    /// <summary>Hosts a silo in this process, with the Monitoring grains.</summary>
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
            switch (options.Store)
            {
                case ClusterStore.Memory:
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                    silo.AddMemoryGrainStorage(GrainStorageName.Name);
                    silo.UseInMemoryReminderService();
                    break;
                case ClusterStore.Redis:
                    var redis = ConfigurationOptions.Parse(options.Redis!);
                    silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
                    silo.AddRedisGrainStorage(GrainStorageName.Name, o => o.ConfigurationOptions = redis);
                    silo.UseRedisReminderService(o => o.ConfigurationOptions = redis);
                    silo.ConfigureEndpoints(AdvertisedAddress(options), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                    silo.Configure<ClusterMembershipOptions>(o =>
                    {
                        o.ProbeTimeout = options.Membership.ProbeTimeout;
                        o.NumMissedProbesLimit = options.Membership.MissedProbesLimit;
                        o.NumVotesForDeathDeclaration = options.Membership.VotesForDeathDeclaration;
                        o.IAmAliveTablePublishTimeout = options.Membership.IAmAlivePeriod;
                    });
                    break;
            }
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            // Collects what the Orleans dashboard (served by gateways at /orleans, admins only) shows;
            // method profiling runs only while someone has the dashboard open.
            if (options.Dashboard.Enabled) silo.AddDashboard(o => ConfigureDashboard(o, options));
        });
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
            switch (options.Store)
            {
                case ClusterStore.Memory:
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    break;
                case ClusterStore.Redis:
                    var redis = ConfigurationOptions.Parse(options.Redis!);
                    client.UseRedisClustering(o => o.ConfigurationOptions = redis);
                    // Learn about silos leaving and joining within seconds, not the default minute.
                    client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
                    break;
            }
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            if (options.Dashboard.Enabled) client.AddDashboard(o => ConfigureDashboard(o, options));
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
        services.AddOptions<DetectionOptions>().Bind(configuration.GetSection(DetectionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DetectionOptions>, DetectionOptionsValidator>();
        services.AddOptions<IndicatorOptions>().Bind(configuration.GetSection(IndicatorOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IndicatorOptions>, IndicatorOptionsValidator>();
        services.AddOptions<DisruptionIndexOptions>().Bind(configuration.GetSection(DisruptionIndexOptions.SectionName));
        services.AddOptions<CheckpointOptions>().Bind(configuration.GetSection(CheckpointOptions.SectionName))
            .Validate(o => o.Interval >= TimeSpan.Zero && o.Interval <= TimeSpan.FromSeconds(1), "Checkpoint:Interval must be between 0 and 1 second (acks wait for it, and gateways give up after Ingest:ApplyTimeout)")
            .ValidateOnStart();
        services.AddSingleton<CheckpointClock>();
        return services;
    }

    private static void ConfigureDashboard(DashboardOptions dashboard, OrleansHostingOptions options)
    {
        dashboard.HideTrace = options.Dashboard.HideTrace;
        dashboard.CounterUpdateIntervalMs = options.Dashboard.CounterUpdateIntervalMs;
    }

    private static IPAddress AdvertisedAddress(OrleansHostingOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            return IPAddress.TryParse(options.AdvertisedAddress, out var address)
                ? address
                : Dns.GetHostAddresses(options.AdvertisedAddress).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        }
        return Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
