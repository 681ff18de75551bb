using System.Collections.Concurrent;
using System.Net;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using Xunit.Abstractions;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Reliability;

/// <summary>Redis stopped under load, then started again, with the service left running.</summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    [Fact(DisplayName = "Redis stopped under load: writes answer 503 with Retry-After, ready goes 503, every 2xx survives, and the service resumes without a restart")]
    public async Task OutageUnderLoad()
    {
        var data = Directory.CreateTempSubdirectory("ipguard-redis-").FullName;
        var redis = await RedisServer.StartOwnAsync(dataDirectory: data);
        var port = redis.Port;
        RedisServer? restarted = null;
        try
        {
            await using var server = await ApiServer.StartAsync(redis.ConnectionString, settings: new Dictionary<string, string?> { ["IpGuard:RateLimit:PermitsPerSecond"] = "0" });
            using var ingest = server.Client("dev-ingest");
            using var moderator = server.Client("dev-moderator");
            var sellerId = Ids.New("seller");
            var acknowledged = new ConcurrentBag<string>();
            var statuses = new ConcurrentDictionary<int, int>();
            var sawRetryAfter = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            async Task WriterAsync(int writer)
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var listingId = $"{sellerId}-w{writer}-{i}";
                    using var response = await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, "Linen tea towel", 12m)));
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(listingId);
                    }
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta > TimeSpan.Zero)
                    {
                        Interlocked.Exchange(ref sawRetryAfter, 1);
                    }
                    else
                    {
                        Assert.Fail($"unexpected {(int)response.StatusCode} during the outage: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }

            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WriterAsync(w))).ToArray();
            await Until(() => acknowledged.Count >= 50, "50 acknowledged writes before the outage");

            await redis.StopAsync();
            var beforeOutage = acknowledged.Count;
            await Until(() => statuses.ContainsKey(503) && sawRetryAfter == 1, "503 with Retry-After while Redis is down");
            await Until(async () => (await moderator.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "ready answering 503");

            restarted = await RedisServer.StartOwnAsync(port, data);
            var afterRestart = acknowledged.Count;
            await Until(() => acknowledged.Count >= afterRestart + 50, "50 acknowledged writes after Redis returned");
            await Until(async () => (await moderator.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready answering 200 again");
            stop.Cancel();
            await Task.WhenAll(writers);

            var missing = 0;
            foreach (var listingId in acknowledged)
            {
                using var response = await moderator.GetAsync($"/v1/listings/{listingId}/risk");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    missing++;
                }
            }

            output.WriteLine($"acknowledged {acknowledged.Count} ({beforeOutage} before the outage), lost {missing}; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
            Assert.Equal(0, missing);
            var seller = await moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
            Assert.True(seller.GetProperty("counts").GetProperty("listings").GetInt32() >= acknowledged.Count);
        }
        finally
        {
            await redis.DisposeAsync();
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within 30 s: {what}");
            await Task.Delay(50);
        }
    }
}
