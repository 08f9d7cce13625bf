namespace Monitoring.Grains.Timers;

/// <summary>
/// A grain timer that fires once each time it is armed, never periodically: a periodic timer on every grain
/// costs CPU doing nothing (docs/architecture.md). Registered on first use; gone with the activation.
/// </summary>
public sealed class OneShotTimer(IGrainBase grain, TimeProvider time, Func<CancellationToken, Task> callback, bool interleave = false)
{
    /// <summary>Longest it is armed for: it fires then, and its owner arms it again for what is really due.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(12);

    private IGrainTimer? _timer;

    /// <summary>When it last fired (<see cref="TimeProvider.GetTimestamp"/>); null before the first time.</summary>
    private long? _firedAt;

    /// <summary>When it is set to fire; null when not armed (or once it fired).</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>Fires after <paramref name="delay"/> (clamped to 0..<see cref="MaxDelay"/>), replacing any earlier arming.</summary>
    public void ArmIn(TimeSpan delay)
    {
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        DueAt = time.GetUtcNow() + delay;
        if (_timer is null)
        {
            _timer = grain.RegisterGrainTimer(FireAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = interleave });
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Fires <paramref name="spacing"/> after it last fired, or at once when it has not fired for that long: its owner
    /// acts at most once per spacing, and at once after a quiet spell. At once still means after the calls already
    /// queued on the grain, which so join what the owner does then.
    /// </summary>
    public void ArmSpaced(TimeSpan spacing) => ArmIn(_firedAt is { } fired ? spacing - time.GetElapsedTime(fired) : TimeSpan.Zero);

    /// <summary>Fires at <paramref name="at"/>, unless it is already set to fire no later (it then arms again itself when it fires).</summary>
    public void ArmNoLaterThan(DateTimeOffset at)
    {
        if (DueAt is { } due && due <= at) return;
        ArmIn(at - time.GetUtcNow());
    }

    private Task FireAsync(CancellationToken cancellationToken)
    {
        DueAt = null;
        _firedAt = time.GetTimestamp();
        return callback(cancellationToken);
    }
}
