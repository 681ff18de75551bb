using System.Collections.Concurrent;
using System.Globalization;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace IpGuard.Api.Operations;

/// <summary>Per-key request limits (section <c>IpGuard:RateLimit</c>); 0 permits turns them off.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a key may make per second, sustained (a batch is one request).</summary>
    public int PermitsPerSecond { get; set; } = 10_000;

    /// <summary>Requests a key may make at once above the sustained rate.</summary>
    public int Burst { get; set; } = 20_000;
}

/// <summary>
/// A token bucket per API key (by its actor name, from its hash; requests without a known key share
/// one bucket per client address), answering 429 problem+json with Retry-After when a key is over
/// its limit. It runs after authentication, which names the key; a route marked
/// <see cref="DisableRateLimitingAttribute"/> (health, metrics) is never limited.
/// </summary>
/// <remarks>
/// The buckets fill from the clock when asked, with no timer. ASP.NET Core's rate-limiting
/// middleware ticks two partitioned limiters every 100 ms whatever the traffic (its global limiter
/// and its endpoint limiter, even with no endpoint policy): twenty thread-pool wakes a second on
/// an idle api.
/// </remarks>
internal sealed class KeyRateLimiter(RateLimitOptions options, TimeProvider time)
{
    /// <summary>
    /// Above this many buckets, full ones (which a new bucket equals) are dropped, and if that is
    /// not enough, the client addresses' ones: keys are few, addresses are not.
    /// </summary>
    public const int MaxIdleBuckets = 10_000;

    /// <summary>The partition of requests without a known key: their client address.</summary>
    public const string AddressPrefix = "ip:";

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public bool Enabled => options.PermitsPerSecond > 0;

    public int PermitsPerSecond => options.PermitsPerSecond;

    /// <summary>Buckets held now.</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes one permit from the partition's bucket, or says how long until one is there.</summary>
    public bool TryTake(string partition, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        if (!_buckets.TryGetValue(partition, out var bucket))
        {
            if (_buckets.Count >= MaxIdleBuckets)
            {
                DropFull(now);
            }

            bucket = _buckets.GetOrAdd(partition, _ => new Bucket(Math.Max(1, options.Burst), now));
        }

        return bucket.TryTake(now, time.TimestampFrequency, options.PermitsPerSecond, Math.Max(1, options.Burst), out retryAfter);
    }

    private void DropFull(long now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull(now, time.TimestampFrequency, options.PermitsPerSecond, Math.Max(1, options.Burst)))
            {
                _buckets.TryRemove(key, out _);
            }
        }

        if (_buckets.Count >= MaxIdleBuckets)
        {
            foreach (var key in _buckets.Keys)
            {
                if (key.StartsWith(AddressPrefix, StringComparison.Ordinal))
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long at)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _at = at;

        public bool TryTake(long now, long frequency, int perSecond, int limit, out TimeSpan retryAfter)
        {
            lock (_lock)
            {
                Refill(now, frequency, perSecond, limit);
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    retryAfter = TimeSpan.Zero;
                    return true;
                }

                retryAfter = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
                return false;
            }
        }

        public bool IsFull(long now, long frequency, int perSecond, int limit)
        {
            lock (_lock)
            {
                Refill(now, frequency, perSecond, limit);
                return _tokens >= limit;
            }
        }

        private void Refill(long now, long frequency, int perSecond, int limit)
        {
            if (now > _at)
            {
                _tokens = Math.Min(limit, _tokens + ((double)(now - _at) / frequency * perSecond));
                _at = now;
            }
        }
    }
}

internal static class RateLimits
{
    public static IServiceCollection AddIpGuardRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("IpGuard:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(services => new KeyRateLimiter(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>After authentication: limits each key (or each address without a known key).</summary>
    public static IApplicationBuilder UseIpGuardRateLimits(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<KeyRateLimiter>();
        if (!limiter.Enabled)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null)
            {
                // A known key's bucket is its actor name; anything else (no key, an unknown key)
                // shares its client address's bucket, so rotating made-up keys escapes nothing.
                var actor = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(Actors.ClaimType)?.Value : null;
                var partition = actor ?? KeyRateLimiter.AddressPrefix + context.Connection.RemoteIpAddress;
                if (!limiter.TryTake(partition, out var wait))
                {
                    var retryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                    context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                    await Problems.Problem(429, "rate-limited", "Too many requests", $"This key is over its limit of {limiter.PermitsPerSecond} requests a second; retry after {retryAfter} s.")
                        .ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
    }
}
