using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>Nodes and lanes tell their commodity about changes, never about every reading.</summary>
public sealed class ConditionReporterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static NodeCondition Node(OperationalStatus status = OperationalStatus.Operational, double? output = 100, double? inventory = 1000, double? expected = null, bool fresh = true) =>
        new("mine.a", 0, status, output, inventory, expected, fresh);

    [Fact]
    public void The_first_condition_after_activation_is_always_sent()
    {
        Assert.NotNull(new ConditionReporter().Next("cu", Node(), T0));
    }

    [Fact]
    public void Small_output_and_inventory_moves_are_not_sent_but_ten_percent_is()
    {
        var reporter = new ConditionReporter();
        reporter.Next("cu", Node(), T0);

        Assert.Null(reporter.Next("cu", Node(output: 109.9), T0.AddSeconds(1)));
        Assert.Null(reporter.Next("cu", Node(inventory: 901), T0.AddSeconds(2)));
        Assert.NotNull(reporter.Next("cu", Node(output: 110), T0.AddSeconds(3)));
        // Compared with what was last sent (110), not with the first value.
        Assert.Null(reporter.Next("cu", Node(output: 100.5), T0.AddSeconds(4)));
    }

    [Theory]
    [InlineData(OperationalStatus.Degraded, null, true)]
    [InlineData(OperationalStatus.Operational, 5.0, true)]
    [InlineData(OperationalStatus.Operational, null, false)]
    public void A_status_expected_recovery_or_freshness_change_is_always_sent(OperationalStatus status, double? expected, bool fresh)
    {
        var reporter = new ConditionReporter();
        reporter.Next("cu", Node(), T0);

        Assert.NotNull(reporter.Next("cu", Node(status, expected: expected, fresh: fresh), T0.AddSeconds(1)));
    }

    [Fact]
    public void A_busy_reporter_refreshes_after_five_minutes_with_rising_versions()
    {
        var reporter = new ConditionReporter();
        var first = reporter.Next("cu", Node(), T0)!;

        Assert.Null(reporter.Next("cu", Node(output: 101), T0 + ConditionReporter.Refresh - TimeSpan.FromSeconds(1)));
        var refreshed = reporter.Next("cu", Node(output: 101), T0 + ConditionReporter.Refresh)!;

        Assert.Equal(101, refreshed.OutputTonnesPerDay);
        Assert.True(refreshed.Version > first.Version);
    }

    [Fact]
    public void Versions_rise_even_when_the_clock_does_not()
    {
        var reporter = new ConditionReporter();

        var a = reporter.Next("cu", Node(), T0)!;
        var b = reporter.Next("cu", Node(OperationalStatus.Disrupted), T0)!;
        var c = reporter.Next("mo", Node(), T0)!;

        Assert.True(a.Version < b.Version && b.Version < c.Version);
    }

    [Fact]
    public void Lane_conditions_follow_status_and_tonnes_in_transit()
    {
        var reporter = new ConditionReporter();
        reporter.Next("cu", new LaneCondition("lane.a", 0, OperationalStatus.Operational, 1000), T0);

        Assert.Null(reporter.Next("cu", new LaneCondition("lane.a", 0, OperationalStatus.Operational, 1050), T0.AddSeconds(1)));
        Assert.NotNull(reporter.Next("cu", new LaneCondition("lane.a", 0, OperationalStatus.Operational, 1200), T0.AddSeconds(2)));
        Assert.NotNull(reporter.Next("cu", new LaneCondition("lane.a", 0, OperationalStatus.Disrupted, 1200), T0.AddSeconds(3)));
    }
}
