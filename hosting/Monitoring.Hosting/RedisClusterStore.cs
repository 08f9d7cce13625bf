using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Grains.Persistence;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;

namespace Monitoring.Hosting;

/// <summary>Redis: several silo and gateway processes share membership, grain state and reminders.</summary>
public sealed class RedisClusterStore(OrleansHostingOptions options) : ClusterStoreSetup
{
    /// <summary>The Redis storage behind <see cref="ReplicatedGrainStorage"/> (its keys do not depend on the name).</summary>
    private const string UnconfirmedStorage = "monitoring-redis-primary";

    private readonly ConfigurationOptions _redis = Parse(options);

    /// <summary>The connection string, trusting only <see cref="OrleansHostingOptions.RedisCaPath"/>'s certificates for TLS when set.</summary>
    private static ConfigurationOptions Parse(OrleansHostingOptions options)
    {
        var redis = ConfigurationOptions.Parse(options.Redis!);
        if (!string.IsNullOrEmpty(options.RedisCaPath)) redis.TrustIssuer(options.RedisCaPath);
        return redis;
    }

    public override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.UseRedisClustering(o => o.ConfigurationOptions = _redis);
        if (options.RedisWaitReplicas > 0)
        {
            // The grains' storage is Redis's, each write confirmed by the replicas before it counts as stored.
            silo.AddRedisGrainStorage(UnconfirmedStorage, o => o.ConfigurationOptions = _redis);
            silo.Services.AddSingleton(_ => new RedisReplication(_redis, options.ServiceId, options.RedisWaitReplicas, options.RedisWaitTimeout));
            silo.Services.AddGrainStorage(GrainStorage.Name, (services, _) => new ReplicatedGrainStorage(
                services.GetRequiredKeyedService<IGrainStorage>(UnconfirmedStorage), services.GetRequiredService<RedisReplication>()));
        }
        else
        {
            silo.AddRedisGrainStorage(GrainStorage.Name, o => o.ConfigurationOptions = _redis);
        }
        silo.UseRedisReminderService(o => o.ConfigurationOptions = _redis);
        // Listen on the advertised address only (the pod's or host's), not on every interface.
        silo.ConfigureEndpoints(AdvertisedAddress(), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = options.Membership.ProbeTimeout;
            o.NumMissedProbesLimit = options.Membership.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = options.Membership.VotesForDeathDeclaration;
            o.IAmAliveTablePublishTimeout = options.Membership.IAmAlivePeriod;
        });
    }

    public override void ConfigureClient(IClientBuilder client)
    {
        client.UseRedisClustering(o => o.ConfigurationOptions = _redis);
        // Learn about silos leaving and joining within seconds, not the default minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
    }

    private IPAddress AdvertisedAddress()
    {
        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            return IPAddress.TryParse(options.AdvertisedAddress, out var address)
                ? address
                : Dns.GetHostAddresses(options.AdvertisedAddress).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        }
        return Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
