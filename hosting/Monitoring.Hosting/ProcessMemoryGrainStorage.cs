using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Monitoring.Hosting;

/// <summary>
/// Grain storage in this process's memory, for the embedded silo and tests: the process is the storage, so each grain's
/// state object is kept as it is (no copy), with ETags so a stale write fails as it would against Redis.
/// </summary>
/// <remarks>
/// Orleans' own memory storage sends every write to a storage grain (a grain call and a deep copy of the serialized
/// state): in embedded mode that was a third of the silo's CPU under load, and serializing alone still a seventh
/// (docs/benchmarks.md). Here a write is a dictionary update (no lock: a grain writes one state at a time, and a write
/// that loses a race fails as a version conflict). Keeping the object is safe because a silo never runs two
/// activations of one grain: the next activation gets the object as the previous one left it. Durability is what
/// cluster mode with Redis is for.
/// </remarks>
public sealed class ProcessMemoryGrainStorage(IActivatorProvider activators) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private long _version;

    private sealed record Entry(string ETag, object? State);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _entries.TryGetValue(Key(stateName, grainId), out var entry);
        grainState.State = entry is null ? activators.GetActivator<T>().Create() : (T)entry.State!;
        grainState.ETag = entry?.ETag;
        grainState.RecordExists = entry is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var stored = Check(key, grainState.ETag, stateName, grainId);
        var entry = new Entry(Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture), grainState.State);
        if (!(stored is null ? _entries.TryAdd(key, entry) : _entries.TryUpdate(key, entry, stored))) throw Conflict(stateName, grainId, "(changed meanwhile)", grainState.ETag);
        grainState.ETag = entry.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        if (Check(key, grainState.ETag, stateName, grainId) is { } stored && !_entries.TryRemove(new KeyValuePair<string, Entry>(key, stored)))
            throw Conflict(stateName, grainId, "(changed meanwhile)", grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
        return Task.CompletedTask;
    }

    /// <summary>A write must carry the ETag of what is stored (none for a new record); returns what is stored.</summary>
    private Entry? Check(string key, string? etag, string stateName, GrainId grainId)
    {
        var stored = _entries.TryGetValue(key, out var entry) ? entry : null;
        if (stored?.ETag != etag) throw Conflict(stateName, grainId, stored?.ETag ?? "(none)", etag);
        return stored;
    }

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, string stored, string? carried) =>
        new($"Version conflict: {stateName} of {grainId} is stored at ETag {stored}, the write carried {carried ?? "(none)"}", stored, carried ?? "");

    private static string Key(string stateName, GrainId grainId) => string.Concat(stateName, "/", grainId.ToString());
}
