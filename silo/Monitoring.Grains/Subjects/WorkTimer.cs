using Microsoft.Extensions.Logging;
using Monitoring.Grains.Timers;

namespace Monitoring.Grains.Subjects;

/// <summary>
/// A subject's timed work on one one-shot timer: armed for the earliest of its next time-based check (feed
/// silence, expected ends, overdue shipments, easing exposures), a retry after a failure, and outbox or
/// re-indexing work still waiting. There is no periodic timer per grain.
/// </summary>
public sealed class WorkTimer(IGrainBase grain, TimeProvider time, ILogger logger, Func<CancellationToken, Task> work)
{
    private readonly OneShotTimer _timer = new(grain, time, work);

    /// <param name="due">When the subject's checks next have work (null: none).</param>
    /// <param name="waiting">Outbox or re-indexing work waits: due at once, or at <paramref name="retryAt"/> after a failure.</param>
    /// <param name="idleTickAt">
    /// Checks ran at this moment and changed nothing: a due time no later would spin the timer. That is a bug,
    /// logged, and the timer backs off a minute instead. (A later due time is fine: the timer fired early.)
    /// </param>
    /// <param name="notBefore">After a failure: nothing runs again before the retry time.</param>
    public void Arm(string subjectId, DateTimeOffset? due, bool waiting, DateTimeOffset? retryAt, DateTimeOffset? idleTickAt = null, DateTimeOffset? notBefore = null)
    {
        var now = time.GetUtcNow();
        if (due <= idleTickAt)
        {
            logger.LogWarning("{Subject}: a time-based check stays due at {Due}; backing off", subjectId, due);
            due = now + TimeSpan.FromMinutes(1);
        }
        if (notBefore is { } retry && due < retry) due = retry;
        if (waiting)
        {
            var when = retryAt ?? now;
            if (due is null || when < due) due = when;
        }
        // Left armed if it is: it fires, finds nothing due, and stops. Most batches only push the next check
        // later (FEED_SILENT counts from the latest reading): the timer is not moved for them.
        if (due is { } at) _timer.ArmNoLaterThan(at);
    }
}
