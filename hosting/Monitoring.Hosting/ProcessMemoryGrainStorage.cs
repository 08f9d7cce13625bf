using System.Globalization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Monitoring.Hosting;

/// <summary>
/// Grain storage in this process's memory, for the embedded silo and tests: each state kept serialized (a copy the
/// grain cannot change behind storage's back), with ETags so a stale write fails as it would against Redis.
/// </summary>
/// <remarks>
/// Orleans' own memory storage sends every write to a storage grain (a grain call and a deep copy of the bytes per
/// write): in embedded mode that was a third of the silo's CPU under load (docs/benchmarks.md). Here a write is a
/// serialization and a dictionary update under a lock.
/// </remarks>
public sealed class ProcessMemoryGrainStorage(IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    private readonly Dictionary<string, Entry> _entries = [];
    private long _version;

    private sealed record Entry(string ETag, ReadOnlyMemory<byte> Data);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Entry? entry;
        lock (_entries) _entries.TryGetValue(Key(stateName, grainId), out entry);
        grainState.State = entry is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(entry.Data);
        grainState.ETag = entry?.ETag;
        grainState.RecordExists = entry is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State);
        var key = Key(stateName, grainId);
        lock (_entries)
        {
            Check(key, grainState.ETag, stateName, grainId);
            var entry = new Entry((++_version).ToString(CultureInfo.InvariantCulture), data);
            _entries[key] = entry;
            grainState.ETag = entry.ETag;
        }
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        lock (_entries)
        {
            Check(key, grainState.ETag, stateName, grainId);
            _entries.Remove(key);
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
        return Task.CompletedTask;
    }

    /// <summary>A write must carry the ETag of what is stored (none for a new record).</summary>
    private void Check(string key, string? etag, string stateName, GrainId grainId)
    {
        var stored = _entries.TryGetValue(key, out var entry) ? entry.ETag : null;
        if (stored != etag)
        {
            throw new InconsistentStateException($"Version conflict: {stateName} of {grainId} is stored at ETag {stored ?? "(none)"}, the write carried {etag ?? "(none)"}", stored ?? "", etag ?? "");
        }
    }

    private static string Key(string stateName, GrainId grainId) => string.Concat(stateName, "/", grainId.ToString());
}
