namespace Monitoring.Gateway.Ingest;

/// <summary>
/// Keeps one Publish stream's work in batch order where order matters, while batches still run
/// concurrently: batches are planned one after another, and each subject's grain calls start only
/// after that subject's call for the previous batch of the stream has completed. A node therefore
/// sees a feed's readings in the order they were sent (Orleans does not promise message order).
/// </summary>
public sealed class PublishStreamOrder
{
    private const int PruneAbove = 1_024;

    private readonly Dictionary<string, Task> _lastCallBySubject = new(StringComparer.Ordinal);
    private Task _planning = Task.CompletedTask;

    /// <summary>Runs <paramref name="plan"/> after the previous batch's planning (called by the stream's single reader).</summary>
    public Task<T> PlanInOrder<T>(Func<Task<T>> plan)
    {
        var next = After(_planning, plan);
        _planning = next;
        return next;
    }

    /// <summary>Starts a subject's call once its call for the previous batch has completed (called while planning, in order).</summary>
    public Task<T> CallInOrder<T>(string subjectId, Func<Task<T>> call)
    {
        lock (_lastCallBySubject)
        {
            var next = _lastCallBySubject.TryGetValue(subjectId, out var previous) && !previous.IsCompleted
                ? After(previous, call)
                : call();
            _lastCallBySubject[subjectId] = next;
            if (_lastCallBySubject.Count > PruneAbove)
            {
                foreach (var done in _lastCallBySubject.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList()) _lastCallBySubject.Remove(done);
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
