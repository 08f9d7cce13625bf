using Orleans.Storage;

namespace Monitoring.Hosting;

/// <summary>
/// Grain storage whose writes count as stored only once Redis's replicas have them (<see cref="RedisReplication"/>):
/// a write the primary took but the replicas did not confirm fails, so whoever waited for it (a provider's ack) is not
/// told it is stored, and a subject that fails a write reloads before storing more (docs/reliability.md).
/// </summary>
public sealed class ReplicatedGrainStorage(IGrainStorage primary, RedisReplication replication) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        primary.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await primary.WriteStateAsync(stateName, grainId, grainState);
        await replication.ConfirmAsync();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await primary.ClearStateAsync(stateName, grainId, grainState);
        await replication.ConfirmAsync();
    }
}
