using System.Collections.Concurrent;
using Orleans.Storage;

namespace Monitoring.Tests.Grains;

/// <summary>Memory storage that counts state writes per grain (to see group commit) and can fail them (to see recovery).</summary>
public sealed class CountingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public static ConcurrentDictionary<GrainId, int> Writes { get; } = new();

    /// <summary>Writes per grain and state name, and the state last written under each (the grain's own object).</summary>
    public static ConcurrentDictionary<(GrainId Grain, string State), (int Count, object? Last)> StateWrites { get; } = new();

    /// <summary>Grains whose writes fail, as if the store were down.</summary>
    public static ConcurrentDictionary<GrainId, bool> Failing { get; } = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Failing.ContainsKey(grainId)) return Task.FromException(new InvalidOperationException("the store is down (test)"));
        Writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        StateWrites.AddOrUpdate((grainId, stateName), (1, grainState.State), (_, w) => (w.Count + 1, grainState.State));
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
