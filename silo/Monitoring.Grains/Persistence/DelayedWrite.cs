using Microsoft.Extensions.Logging;
using Monitoring.Grains.Timers;

namespace Monitoring.Grains.Persistence;

/// <summary>
/// Group-committed writes, at most one per interval (docs/reliability.md): the first change after a write arms the
/// next one for the owner's delay after the last write started, or five times the last write's duration if longer (at
/// most a second), so a large state under a storm of changes writes less often instead of falling behind. A change
/// after a quiet spell is written at once; changes meanwhile share the next write. A failed write keeps the changes
/// for the next one; whoever waited fails and retries.
/// </summary>
public sealed class DelayedWrite
{
    /// <summary>Longest a write waits after a change, however slow the last write was.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    private readonly GroupCommit _commit;
    private readonly OneShotTimer _timer;
    private readonly Func<TimeSpan> _delay;
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly IGrainBase _grain;

    /// <param name="write">Stores the owner's state (<c>storage.WriteStateAsync</c>, or a journaled write).</param>
    /// <param name="delay">The owner's write delay (read at each change, so it follows its options).</param>
    /// <param name="what">What is stored, for the log: "the disruption index".</param>
    public DelayedWrite(IGrainBase grain, Func<CancellationToken, Task> write, TimeProvider time, Func<TimeSpan> delay, ILogger logger, string what)
    {
        _commit = new GroupCommit(write, divergeOnFailure: false);
        _timer = new OneShotTimer(grain, time, WriteAsync);
        _delay = delay;
        _logger = logger;
        _what = what;
        _grain = grain;
    }

    public bool HasChanges => _commit.HasChanges;

    /// <summary>The write that will store the current changes (arming it if it is the first).</summary>
    public Task Next()
    {
        var (stored, leads) = _commit.Join();
        if (leads)
        {
            var costBound = TimeSpan.FromTicks(Math.Min(5 * _commit.LastWriteDuration.Ticks, MaxDelay.Ticks));
            var delay = _delay();
            _timer.ArmSpaced(costBound > delay ? costBound : delay);
        }
        return stored;
    }

    /// <summary>
    /// Completes once what memory holds is stored: a change that was made already (a retry, a version held) waits
    /// for the next write when changes are pending (after a failed write, a new one), else for the one under way.
    /// </summary>
    public Task WhenStored() => _commit.HasChanges ? Next() : _commit.WhenStored();

    /// <summary>Writes now if anything changed (on deactivation).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _commit.HasChanges ? WriteAsync(cancellationToken) : Task.CompletedTask;

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!_commit.HasChanges) return;
        try
        {
            await _commit.WriteAsync(cancellationToken);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "storing {What} ({Grain}) failed", _what, _grain.GrainContext.GrainId);
        }
    }
}
