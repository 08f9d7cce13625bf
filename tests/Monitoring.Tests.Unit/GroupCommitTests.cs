using Monitoring.Grains.Persistence;

namespace Monitoring.Tests.Unit;

/// <summary>
/// Writes of one grain's state never overlap: storage moves the ETag with each write, so a second write started while
/// the first is in flight would carry the old ETag and fail (an InconsistentStateException, a diverged grain, resends).
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_write_asked_for_while_another_is_in_flight_starts_after_it_and_both_succeed()
    {
        var storage = new SlowStorage();
        var commit = new GroupCommit(storage.WriteStateAsync, divergeOnFailure: true);

        var (first, _) = commit.Join();
        var firstWrite = commit.WriteAsync();
        await storage.WriteStarted.Task;
        // An acknowledgement committing at once while the checkpoint's write is still in flight.
        var (second, _) = commit.Join();
        var secondWrite = commit.WriteAsync();
        Assert.Equal(1, storage.Started);

        storage.Release();
        await firstWrite;
        await storage.SecondStarted.Task;
        storage.Release();
        await secondWrite;

        await first;
        await second;
        Assert.Equal(2, storage.Started);
        Assert.Equal(1, storage.MostAtOnce);
        Assert.False(commit.Diverged);
    }

    /// <summary>Storage whose writes wait to be released, and which fails a write that overlaps another (as an ETag check would).</summary>
    private sealed class SlowStorage : IPersistentState<int>
    {
        private readonly Queue<TaskCompletionSource> _pending = new();
        private int _running;

        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SecondStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started { get; private set; }

        public int MostAtOnce { get; private set; }

        public int State { get; set; }

        public string? Etag { get; private set; }

        public bool RecordExists => Etag is not null;

        public void Release() => _pending.Dequeue().SetResult();

        public Task WriteStateAsync() => WriteStateAsync(CancellationToken.None);

        public async Task WriteStateAsync(CancellationToken cancellationToken)
        {
            var etag = Etag;
            Started++;
            MostAtOnce = Math.Max(MostAtOnce, ++_running);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Enqueue(release);
            (Started == 1 ? WriteStarted : SecondStarted).TrySetResult();
            await release.Task;
            _running--;
            if (Etag != etag) throw new InvalidOperationException("ETag mismatch: another write stored in between");
            Etag = Guid.NewGuid().ToString("N");
        }

        public Task ReadStateAsync() => Task.CompletedTask;

        public Task ReadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task ClearStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
