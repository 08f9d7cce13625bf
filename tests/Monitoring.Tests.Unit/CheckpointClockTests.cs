using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Grains.Persistence;

namespace Monitoring.Tests.Unit;

/// <summary>The silo's group-commit window: shared by every grain that waits while it is open.</summary>
public sealed class CheckpointClockTests
{
    [Fact]
    public void Grains_waiting_while_a_window_is_open_share_it_and_the_next_wait_opens_a_new_one()
    {
        var time = new FakeTimeProvider();
        using var clock = new CheckpointClock(Options.Create(new CheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) }), time);

        var first = clock.NextCheckpoint();
        time.Advance(TimeSpan.FromMilliseconds(150));
        var second = clock.NextCheckpoint();

        Assert.Same(first, second);
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(first.IsCompletedSuccessfully);

        // The window closed: the next grain opens a new one, a full interval long.
        var third = clock.NextCheckpoint();
        Assert.NotSame(first, third);
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(third.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_zero_interval_writes_at_once()
    {
        using var clock = new CheckpointClock(Options.Create(new CheckpointOptions { Interval = TimeSpan.Zero }), new FakeTimeProvider());

        Assert.True(clock.NextCheckpoint().IsCompletedSuccessfully);
    }

    [Fact]
    public void A_grain_that_has_not_written_within_an_interval_writes_at_once_and_one_that_has_waits_for_the_checkpoint()
    {
        var time = new FakeTimeProvider();
        using var clock = new CheckpointClock(Options.Create(new CheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) }), time);

        Assert.True(clock.WhenDue(null).IsCompletedSuccessfully, "never written since activation: at once");
        var wrote = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(120));
        var busy = clock.WhenDue(wrote);
        Assert.False(busy.IsCompleted, "wrote 120 ms ago: waits for the checkpoint");
        Assert.Same(clock.NextCheckpoint(), busy);
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(busy.IsCompletedSuccessfully);
        Assert.True(clock.WhenDue(wrote).IsCompletedSuccessfully, "wrote 320 ms ago: at once");
    }
}
