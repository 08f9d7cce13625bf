using Orleans.Storage;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The embedded silo's memory storage, except that while <see cref="Failing"/> writes of the node <see cref="Subject"/>
/// fail with an error naming an internal address, as a store that went away would: what a provider is told must not carry it.
/// </summary>
public sealed class BrokenStoreStorage(IGrainStorage inner) : IGrainStorage
{
    public const string Subject = "broken.mine";

    public const string InternalDetail = "connection to redis-7.internal:6379 refused";

    public static volatile bool Failing;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Failing && grainId.Key.ToString() == Subject ? Task.FromException(new InvalidOperationException(InternalDetail)) : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
