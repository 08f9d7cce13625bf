namespace Monitoring.Domain.Indicators;

/// <summary>
/// Decides when a node or lane tells its commodity about itself: when its status, feed freshness or
/// expected recovery changes, when its output, inventory or tonnes in transit move by at least
/// <see cref="ChangeRatio"/> since last told, the first time after activation, and otherwise every
/// <see cref="Refresh"/> while it is busy. Never per reading. Versions rise strictly per reporter.
/// </summary>
public sealed class ConditionReporter
{
    /// <summary>A relative change of output, inventory or tonnes in transit worth telling.</summary>
    public const double ChangeRatio = 0.10;

    /// <summary>A reporter that keeps committing tells its commodity at least this often, with exact values.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, (object Condition, DateTimeOffset At)> _told = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>The node condition to send to <paramref name="commodity"/> now (with its version), or null when nothing worth telling changed.</summary>
    public NodeCondition? Next(string commodity, NodeCondition condition, DateTimeOffset now) =>
        Due(commodity, condition, now, last => Differs((NodeCondition)last, condition)) ? Remember(commodity, condition with { Version = NextVersion(now) }, now) : null;

    public LaneCondition? Next(string commodity, LaneCondition condition, DateTimeOffset now) =>
        Due(commodity, condition, now, last => Differs((LaneCondition)last, condition)) ? Remember(commodity, condition with { Version = NextVersion(now) }, now) : null;

    public static bool Differs(NodeCondition last, NodeCondition next) =>
        last.Status != next.Status
        || last.FeedFresh != next.FeedFresh
        || RelativeChange(last.ExpectedRecoveryDays, next.ExpectedRecoveryDays) > 1e-9
        || RelativeChange(last.OutputTonnesPerDay, next.OutputTonnesPerDay) >= ChangeRatio
        || RelativeChange(last.InventoryTonnes, next.InventoryTonnes) >= ChangeRatio;

    public static bool Differs(LaneCondition last, LaneCondition next) =>
        last.Status != next.Status || RelativeChange(last.InTransitTonnes, next.InTransitTonnes) >= ChangeRatio;

    /// <summary>|b − a| / |a|; infinite when one is known and the other not, or a is 0 and b is not.</summary>
    public static double RelativeChange(double? a, double? b)
    {
        if (a is null && b is null) return 0;
        if (a is not { } x || b is not { } y) return double.PositiveInfinity;
        if (x == y) return 0;
        return x == 0 ? double.PositiveInfinity : Math.Abs(y - x) / Math.Abs(x);
    }

    private bool Due(string commodity, object condition, DateTimeOffset now, Func<object, bool> differs) =>
        !_told.TryGetValue(commodity, out var told) || now - told.At >= Refresh || differs(told.Condition);

    private T Remember<T>(string commodity, T condition, DateTimeOffset now) where T : notnull
    {
        _told[commodity] = (condition, now);
        return condition;
    }

    /// <summary>Clock ticks, strictly rising: a newer activation (later clock) supersedes an older one's reports.</summary>
    private long NextVersion(DateTimeOffset now) => _version = Math.Max(now.UtcTicks, _version + 1);
}
