using System.Diagnostics;

namespace Monitoring.Grains.Persistence;

/// <summary>
/// Group commit of one grain's state (docs/reliability.md): a change is made in memory at once, and whoever
/// must know it is stored joins the next write, which stores everything changed before it started; many
/// changes share one write, and changes made while a write runs go with the one after. The owner decides
/// when the next write happens (the first to join leads it).
/// </summary>
/// <param name="divergeOnFailure">
/// After a failed write memory holds what storage does not. True: the grain has diverged and must reload
/// before storing anything more (<see cref="Diverged"/>; everyone waiting fails). False: the changes stay in
/// memory for the next write (callers retry).
/// </param>
/// <param name="write">Stores the grain's state: <c>storage.WriteStateAsync</c>, or a journaled write.</param>
public sealed class GroupCommit(Func<CancellationToken, Task> write, bool divergeOnFailure)
{
    private TaskCompletionSource? _next;
    private Task? _writing;

    /// <summary>A write failed and memory no longer matches storage (only with divergeOnFailure).</summary>
    public bool Diverged { get; private set; }

    /// <summary>Changes wait for the next write.</summary>
    public bool HasChanges { get; private set; }

    /// <summary>How long the last successful write took (a large state under a storm of changes writes less often).</summary>
    public TimeSpan LastWriteDuration { get; private set; }

    /// <summary>Records a change nobody waits for: it goes with the next write.</summary>
    public void Changed() => HasChanges = true;

    /// <summary>Joins the next write; the first to join leads it (decides when it happens).</summary>
    public (Task Stored, bool Leads) Join()
    {
        HasChanges = true;
        if (_next is { } next) return (next.Task, false);
        _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (_next.Task, true);
    }

    /// <summary>Whether <paramref name="stored"/> is still the next write (another write may have taken its changes along).</summary>
    public bool IsNext(Task stored) => _next is { } next && next.Task == stored;

    /// <summary>Completes once what memory holds now is stored: with the next write, or with the one under way.</summary>
    public Task WhenStored() => _next?.Task ?? _writing ?? Task.CompletedTask;

    /// <summary>Stores memory now: everyone who joined is released by this write, or fails with it.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken = default)
    {
        // One write at a time: storage moves the ETag with each write, so a second one started while the first is in
        // flight would carry the old ETag and fail. A later write stores everything the earlier one did, and more.
        while (_writing is { } inFlight)
        {
            try
            {
                await inFlight;
            }
            catch
            {
                // Its own callers see its failure.
            }
        }
        if (Diverged) throw new InvalidOperationException("the grain's state no longer matches storage: it reloads before storing anything more");
        var joined = _next;
        _next = null;
        HasChanges = false;
        var started = Stopwatch.GetTimestamp();
        var writing = write(cancellationToken);
        _writing = writing;
        try
        {
            await writing;
            LastWriteDuration = Stopwatch.GetElapsedTime(started);
            joined?.TrySetResult();
        }
        catch (Exception e)
        {
            joined?.TrySetException(e);
            if (divergeOnFailure)
            {
                // Changes waiting for a later write fail too: they are resent, and the reloaded grain applies them once.
                Diverged = true;
                Abandon(e);
            }
            else
            {
                HasChanges = true;
            }
            throw;
        }
        finally
        {
            if (ReferenceEquals(_writing, writing)) _writing = null;
        }
    }

    /// <summary>Fails whoever waits for the next write: it will not happen (the grain goes without storing).</summary>
    public void Abandon(Exception reason)
    {
        _next?.TrySetException(reason);
        _next = null;
        HasChanges = false;
    }
}
