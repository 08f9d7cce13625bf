using Microsoft.Extensions.Options;
using Monitoring.Gateway.Ingest;
using Monitoring.Gateway.Security;

namespace Monitoring.Tests.Unit;

/// <summary>A provider's budgets: batches, bytes and observations per second, each named when it runs short.</summary>
public sealed class ProviderLimitsTests
{
    private static ProviderLimits For(ApiKeyOptions key)
    {
        var auth = new AuthOptions { Keys = { ["p"] = key } };
        return new ProviderLimits(new FixedOptionsMonitor<AuthOptions>(auth), Options.Create(new IngestOptions()));
    }

    [Fact]
    public void Bytes_are_budgeted_per_second_and_a_batch_larger_than_a_seconds_worth_never_fits()
    {
        using var limits = For(new ApiKeyOptions { BytesPerSecond = 2048 });

        Assert.True(limits.TryTake("p", 1, 1500, out _, out _));
        Assert.False(limits.TryTake("p", 1, 1500, out var wait, out var budget));
        Assert.Equal("2048 bytes per second", budget);
        Assert.True(wait > TimeSpan.Zero);
        Assert.False(limits.TryTake("p", 1, 3000, out _, out budget));
        Assert.Equal("2048 bytes per second", budget);
    }

    [Fact]
    public void An_empty_batch_spends_a_batch_and_no_observations()
    {
        using var limits = For(new ApiKeyOptions { BatchesPerSecond = 2, ObservationsPerSecond = 1 });

        Assert.True(limits.TryTake("p", 0, 10, out _, out _));
        Assert.True(limits.TryTake("p", 1, 10, out _, out _));
        Assert.False(limits.TryTake("p", 0, 10, out _, out var budget));
        Assert.Equal("2 batches per second", budget);
    }

    [Fact]
    public void A_key_publishes_to_at_most_its_quota_of_feeds_and_a_long_idle_feed_frees_its_place()
    {
        using var limits = For(new ApiKeyOptions { MaxFeeds = 2 });
        var now = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

        Assert.True(limits.TryUseFeed("p", "a", now, out _));
        Assert.True(limits.TryUseFeed("p", "b", now, out _));
        Assert.False(limits.TryUseFeed("p", "c", now, out var quota));
        Assert.Equal(2, quota);
        Assert.True(limits.TryUseFeed("p", "a", now.AddDays(5), out _));
        Assert.True(limits.TryUseFeed("p", "c", now.AddDays(9), out _));
        Assert.False(limits.TryUseFeed("p", "b", now.AddDays(9), out _));
    }
}
