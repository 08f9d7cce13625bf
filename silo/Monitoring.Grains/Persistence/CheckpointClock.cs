using Microsoft.Extensions.Options;

namespace Monitoring.Grains.Persistence;

/// <summary>
/// The silo's group-commit clock: one timer for every node and lane grain instead of one per grain and
/// window. The first grain to wait starts a window of <see cref="CheckpointOptions.Interval"/>; every
/// grain that waits before it ends shares it, and all of them write when it does.
/// </summary>
public sealed class CheckpointClock(IOptions<CheckpointOptions> options, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _window;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>
    /// When a grain that last wrote at <paramref name="lastWrite"/> (a <see cref="TimeProvider.GetTimestamp"/>; null: never
    /// since activation) should write what waits: at once if that was at least an interval ago, so a subject that gets a
    /// batch now and then stores it without delay; otherwise at the next checkpoint, so a busy subject writes at most
    /// about once per interval, every batch that arrived meanwhile sharing the write.
    /// </summary>
    public Task WhenDue(long? lastWrite) =>
        lastWrite is { } last && time.GetElapsedTime(last) < options.Value.Interval ? NextCheckpoint() : Task.CompletedTask;

    /// <summary>Completes when the current window ends (a new one starts if none is open); at once for a zero interval.</summary>
    public Task NextCheckpoint()
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero) return Task.CompletedTask;
        lock (_lock)
        {
            // Stopping: nothing waits for a window that would never close.
            if (_disposed) return Task.CompletedTask;
            if (_window is { } open) return open.Task;
            if (_timer is null)
            {
                // The timer lives as long as the silo: it must not keep the first caller's context (activity, request context).
                using (ExecutionContext.SuppressFlow()) _timer = time.CreateTimer(_ => Close(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            // Armed before the window is shared, so a window exists only with a timer that will close it.
            _timer.Change(interval, Timeout.InfiniteTimeSpan);
            // Continuations resume on each grain's own scheduler (they await in grain context), not on the timer's thread.
            _window = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _window.Task;
        }
    }

    private void Close()
    {
        TaskCompletionSource? closing;
        lock (_lock)
        {
            closing = _window;
            _window = null;
        }
        closing?.TrySetResult();
    }

    public void Dispose()
    {
        lock (_lock) _disposed = true;
        _timer?.Dispose();
        Close();
    }
}
