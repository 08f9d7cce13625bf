namespace Monitoring.Hosting;

/// <summary>
/// Where cluster membership, grain state and reminders live (<see cref="OrleansHostingOptions.Store"/>): the one
/// place that chooses, and for each store what a silo and what a client need, side by side.
/// </summary>
public abstract class ClusterStoreSetup
{
    public static ClusterStoreSetup For(OrleansHostingOptions options) => options.Store switch
    {
        ClusterStore.Memory => new MemoryClusterStore(options),
        ClusterStore.Redis => new RedisClusterStore(options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Store, "Orleans:Store must be Memory or Redis"),
    };

    public abstract void ConfigureSilo(ISiloBuilder silo);

    public abstract void ConfigureClient(IClientBuilder client);
}
