using System.Collections.Concurrent;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Monitoring.Bench.Memory;

/// <summary>
/// Grain storage for the idle-grain measurement: every state kept serialized, as Redis keeps it in cluster mode, so a
/// woken grain holds its own copy and the heap's growth counts it. (The embedded silo's storage keeps the grain's state
/// object itself: a woken grain would then add nothing for its state, and the figure would understate a cluster silo.)
/// </summary>
public sealed class SerializingGrainStorage(IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, BinaryData> _states = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var found = _states.TryGetValue($"{stateName}/{grainId}", out var data);
        grainState.State = found ? serializer.Deserialize<T>(data!) : activators.GetActivator<T>().Create();
        grainState.RecordExists = found;
        grainState.ETag = found ? "1" : null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states[$"{stateName}/{grainId}"] = serializer.Serialize(grainState.State);
        grainState.RecordExists = true;
        grainState.ETag = "1";
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove($"{stateName}/{grainId}", out _);
        grainState.RecordExists = false;
        grainState.ETag = null;
        return Task.CompletedTask;
    }
}
