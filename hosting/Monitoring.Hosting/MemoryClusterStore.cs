using Microsoft.Extensions.DependencyInjection;
using Monitoring.Grains.Persistence;
using Orleans.Runtime.Hosting;

namespace Monitoring.Hosting;

/// <summary>One process, everything in memory: the embedded demo and tests (localhost clustering).</summary>
public sealed class MemoryClusterStore(OrleansHostingOptions options) : ClusterStoreSetup
{
    public override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.Services.AddGrainStorage(GrainStorage.Name, (services, _) => ActivatorUtilities.CreateInstance<ProcessMemoryGrainStorage>(services));
        silo.UseInMemoryReminderService();
    }

    public override void ConfigureClient(IClientBuilder client) =>
        client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
}
