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

    /// <summary>
    /// Grains whose writes take this long and are refused when they overlap, as a remote store refuses the second of two
    /// writes that left with the same ETag (the first moved it on).
    /// </summary>
    public static ConcurrentDictionary<GrainId, TimeSpan> Slow { get; } = new();

    private static readonly ConcurrentDictionary<(GrainId, string), int> InFlight = new();

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Failing.ContainsKey(grainId)) return Task.FromException(new InvalidOperationException("the store is down (test)"));
        Writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        StateWrites.AddOrUpdate((grainId, stateName), (1, grainState.State), (_, w) => (w.Count + 1, grainState.State));
        return Slow.TryGetValue(grainId, out var delay) ? WriteSlowlyAsync(stateName, grainId, grainState, delay) : inner.WriteStateAsync(stateName, grainId, grainState);
    }

    private async Task WriteSlowlyAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, TimeSpan delay)
    {
        var key = (grainId, stateName);
        var overlapping = InFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1;
        try
        {
            await Task.Delay(delay);
            if (overlapping) throw new InconsistentStateException($"a write of {stateName} started while another was in flight, with the same ETag (test)");
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }
        finally
        {
            InFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
