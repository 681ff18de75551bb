using System.Globalization;
using System.Threading.RateLimiting;
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
/// its limit. It runs after authentication, which names the key.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddIpGuardRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("IpGuard:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Problem(429, "rate-limited", "Too many requests", $"This key is over its limit of {options.PermitsPerSecond} requests a second; retry after {retryAfter} s.")
                    .ExecuteAsync(context.HttpContext);
            };

            if (options.PermitsPerSecond <= 0)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Runs after authentication: a known key's bucket is its actor name (made once per
                // key); anything else (no key, an unknown key) shares its client address's bucket.
                var actor = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(Actors.ClaimType)?.Value : null;
                var partition = actor ?? "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, options.Burst),
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }
}
