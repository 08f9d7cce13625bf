using Monitoring.Domain.Subjects;

namespace Monitoring.Tests.Unit;

public sealed class FeedSequenceWindowTests
{
    [Fact]
    public void Empty_window_contains_nothing()
    {
        var window = new FeedSequenceWindow();
        Assert.False(window.Contains(1));
        Assert.False(window.Contains(1_000_000));
    }

    [Fact]
    public void Applied_sequences_are_recognised_and_others_are_not()
    {
        var window = new FeedSequenceWindow();
        foreach (var s in new ulong[] { 100, 101, 103 }) window.Add(s);

        Assert.True(window.Contains(100));
        Assert.True(window.Contains(101));
        Assert.False(window.Contains(102));
        Assert.True(window.Contains(103));
        Assert.False(window.Contains(104));
    }

    [Fact]
    public void A_gap_filled_out_of_order_is_recorded()
    {
        var window = new FeedSequenceWindow();
        window.Add(10);
        window.Add(12);
        window.Add(11);

        Assert.True(window.Contains(11));
        Assert.Equal(12UL, window.Highest);
    }

    [Fact]
    public void Sequences_older_than_the_window_count_as_applied()
    {
        var window = new FeedSequenceWindow();
        window.Add(1000);

        Assert.False(window.Contains(1000 - FeedSequenceWindow.Width));
        Assert.True(window.Contains(1000 - FeedSequenceWindow.Width - 1));
    }

    [Fact]
    public void Only_sequences_older_than_every_one_the_window_tells_apart_are_below_it()
    {
        var window = new FeedSequenceWindow();
        Assert.False(window.IsBelow(1));
        window.Add(1000);

        Assert.False(window.IsBelow(1000 - FeedSequenceWindow.Width));
        Assert.True(window.IsBelow(1000 - FeedSequenceWindow.Width - 1));
        Assert.True(window.IsBelow(1));
        Assert.False(FeedSequenceWindow.IsBelow(1, FeedSequenceWindow.Width));
        Assert.True(FeedSequenceWindow.IsBelow(1, FeedSequenceWindow.Width + 2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(500)]
    public void Jumps_of_any_size_keep_applied_sequences_applied_and_gaps_open(int jump)
    {
        var window = new FeedSequenceWindow();
        window.Add(50);
        window.Add(51);
        var highest = (ulong)(51 + jump);
        window.Add(highest);

        Assert.True(window.Contains(highest));
        Assert.True(window.Contains(51));
        Assert.True(window.Contains(50));
        if (jump > 1) Assert.False(window.Contains(highest - 1));
    }
}
