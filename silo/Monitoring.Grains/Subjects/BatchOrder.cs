namespace Monitoring.Grains.Subjects;

/// <summary>
/// Keeps one stream's batches to a subject in order while their calls overlap (so group commit can share
/// writes; Orleans does not promise message order): a batch that names the stream's previous batch to this
/// subject (<see cref="SubjectBatch.After"/>) waits, letting other calls in, until that one was applied or
/// failed — or gives up after <see cref="Timeout"/>, since its call may have been lost with a silo.
/// </summary>
public sealed class BatchOrder(TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<(string Feed, ulong Sequence), List<TaskCompletionSource>> _waiting = [];

    /// <summary>Waits until batch <paramref name="after"/> of the same feed is released.</summary>
    /// <exception cref="TimeoutException">It never came: the provider must resend from it.</exception>
    public async Task WaitForAsync(string subjectId, SubjectBatch batch, ulong after)
    {
        var key = (batch.FeedId, after);
        if (!_waiting.TryGetValue(key, out var waiters)) _waiting[key] = waiters = [];
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters.Add(released);
        try
        {
            await released.Task.WaitAsync(Timeout, time);
        }
        catch (TimeoutException)
        {
            waiters.Remove(released);
            if (waiters.Count == 0) _waiting.Remove(key);
            throw new TimeoutException($"{subjectId}: batch {batch.Sequence} of feed {batch.FeedId} came without batch {after} before it; resend from {after}");
        }
    }

    /// <summary>Batch <paramref name="sequence"/> was applied, or failed: the batches waiting for it go.</summary>
    public void Release(string feedId, ulong sequence)
    {
        if (!_waiting.Remove((feedId, sequence), out var waiters)) return;
        foreach (var waiter in waiters) waiter.TrySetResult();
    }

    /// <summary>Every waiting batch goes (to fail on whatever stops the grain, such as a failed write).</summary>
    public void ReleaseAll()
    {
        foreach (var waiter in _waiting.Values.SelectMany(w => w)) waiter.TrySetResult();
        _waiting.Clear();
    }
}
