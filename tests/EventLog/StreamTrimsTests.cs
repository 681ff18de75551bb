using IpGuard.Silo;
using Microsoft.Extensions.Time.Testing;

namespace IpGuard.Tests.EventLog;

/// <summary>When an append to the Redis event log also trims its partition: at most once a period.</summary>
public sealed class StreamTrimsTests
{
    [Fact(DisplayName = "Stream trims: a partition is trimmed to now less the retention, then not again until a tenth of the retention (at most 1 s) has passed; partitions are apart")]
    public void OncePerPeriodPerPartition()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var trims = new StreamTrims(clock);
        var retention = TimeSpan.FromDays(7);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.Equal(now - (long)retention.TotalMilliseconds, trims.MinIdIfDue(3, retention));
        Assert.Equal(0, trims.MinIdIfDue(3, retention));
        Assert.NotEqual(0, trims.MinIdIfDue(4, retention));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, trims.MinIdIfDue(3, retention));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)retention.TotalMilliseconds, trims.MinIdIfDue(3, retention));

        // A short retention trims as often as a tenth of it.
        var second = TimeSpan.FromSeconds(1);
        Assert.NotEqual(0, trims.MinIdIfDue(5, second));
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, trims.MinIdIfDue(5, second));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotEqual(0, trims.MinIdIfDue(5, second));
    }
}
