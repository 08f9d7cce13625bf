using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Gateway.Security;

namespace Monitoring.Tests.Unit;

public sealed class FailedAuthenticationsTests
{
    [Fact]
    public void An_address_past_its_failures_of_a_minute_is_throttled_until_the_minute_is_over_and_others_are_not()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var failures = new FailedAuthentications(new FixedOptionsMonitor<AuthOptions>(new AuthOptions { MaxFailuresPerMinute = 3 }), time, NullLogger<FailedAuthentications>.Instance);
        var attacker = IPAddress.Parse("192.0.2.7");

        for (var i = 0; i < 2; i++) failures.Record(attacker, "unknown API key");
        Assert.False(failures.Throttled(attacker));
        failures.Record(attacker, "unknown API key");
        Assert.True(failures.Throttled(attacker));
        Assert.False(failures.Throttled(IPAddress.Parse("192.0.2.8")));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(failures.Throttled(attacker));
    }
}
