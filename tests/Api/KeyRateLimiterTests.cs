using IpGuard.Api.Operations;
using Microsoft.Extensions.Time.Testing;

namespace IpGuard.Tests.Api;

/// <summary>The per-key token bucket: its burst, its sustained rate from the clock, its Retry-After, and its bound on idle buckets.</summary>
public sealed class KeyRateLimiterTests
{
    [Fact(DisplayName = "Rate limits: a key gets its burst at once, then permits at the sustained rate as time passes; Retry-After says when the next one is there")]
    public void BurstThenSustainedRate()
    {
        var time = new FakeTimeProvider();
        var limiter = new KeyRateLimiter(new RateLimitOptions { PermitsPerSecond = 4, Burst = 3 }, time);

        Assert.All(Enumerable.Range(0, 3), i => Assert.True(limiter.TryTake("k", out _)));
        Assert.False(limiter.TryTake("k", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(0.25), wait);
        Assert.True(limiter.TryTake("other", out _), "another key has its own bucket");

        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(limiter.TryTake("k", out _));
        Assert.True(limiter.TryTake("k", out _));
        Assert.False(limiter.TryTake("k", out _));

        // Idle for long, a bucket holds its burst, never more.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, Enumerable.Range(0, 10).Count(i => limiter.TryTake("k", out _)));
    }

    [Fact(DisplayName = "Rate limits: buckets of many client addresses stay bounded, and a key's bucket is kept through it")]
    public void IdleBucketsAreBounded()
    {
        var time = new FakeTimeProvider();
        var limiter = new KeyRateLimiter(new RateLimitOptions { PermitsPerSecond = 1, Burst = 2 }, time);
        Assert.True(limiter.TryTake("busy", out _));
        Assert.True(limiter.TryTake("busy", out _));
        for (var i = 0; i < KeyRateLimiter.MaxIdleBuckets * 2; i++)
        {
            limiter.TryTake($"{KeyRateLimiter.AddressPrefix}10.0.{i / 256}.{i % 256}", out _);
        }

        Assert.True(limiter.Count <= KeyRateLimiter.MaxIdleBuckets + 1, $"{limiter.Count} buckets");

        // "busy" is a key, not an address, and spent its burst: it was kept, so still nothing to take.
        Assert.False(limiter.TryTake("busy", out _));
    }
}
