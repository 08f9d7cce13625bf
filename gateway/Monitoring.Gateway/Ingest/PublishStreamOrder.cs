namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Keeps one Publish stream's work in batch order where order matters, while batches still run
/// concurrently: batches are planned one after another, and each subject's grain call names the
/// same feed's previous batch for that subject on the stream while that call is still in flight, so the grain applies
/// them in order (Orleans does not promise message order) while their writes can be shared.
/// </summary>
public sealed class PublishStreamOrder
{
    private const int PruneAbove = 1_024;

    /// <summary>
    /// The last call per feed and subject: a batch follows the same feed's previous batch (sequences are per
    /// feed; a stream may carry several feeds, and batches of different feeds are not ordered).
    /// </summary>
    private readonly Dictionary<(string Feed, string Subject), (ulong Sequence, Task Call)> _lastCallBySubject = [];

    /// <summary>
    /// Size at which completed calls are dropped next: twice what remained after the last pruning, so a
    /// stream with thousands of calls in flight does not scan them all on every call (amortised O(1)).
    /// </summary>
    private int _pruneAt = PruneAbove;
    private Task _planning = Task.CompletedTask;

    /// <summary>Runs <paramref name="plan"/> after the previous batch's planning (called by the stream's single reader).</summary>
    public Task<T> PlanInOrder<T>(Func<Task<T>> plan)
    {
        var next = After(_planning, plan);
        _planning = next;
        return next;
    }

    /// <summary>
    /// Starts a subject's call for batch <paramref name="sequence"/> of <paramref name="feedId"/> at once, passing
    /// the sequence it must follow: the same feed's previous batch to this subject, if that call has not completed
    /// yet. Called while planning, in order.
    /// </summary>
    public Task<T> CallInOrder<T>(string feedId, string subjectId, ulong sequence, Func<ulong?, Task<T>> call)
    {
        lock (_lastCallBySubject)
        {
            var key = (feedId, subjectId);
            ulong? after = _lastCallBySubject.TryGetValue(key, out var previous) && !previous.Call.IsCompleted ? previous.Sequence : null;
            var next = call(after);
            _lastCallBySubject[key] = (sequence, next);
            if (_lastCallBySubject.Count > _pruneAt)
            {
                foreach (var (called, last) in _lastCallBySubject)
                {
                    // Removing while enumerating is allowed for Dictionary<,>.Remove.
                    if (last.Call.IsCompleted) _lastCallBySubject.Remove(called);
                }
                _pruneAt = Math.Max(PruneAbove, 2 * _lastCallBySubject.Count);
            }
            return next;
        }
    }

    private static async Task<T> After<T>(Task previous, Func<Task<T>> next)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch
        {
            // The earlier batch's failure is reported with that batch.
        }
        return await next().ConfigureAwait(false);
    }
}
