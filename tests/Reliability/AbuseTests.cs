using System.Net;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Reliability;

/// <summary>Per-key rate limits, and report bombing that must never suspend a clean seller.</summary>
[Collection(ApiCollection.Name)]
public sealed class AbuseTests(ApiFixture api)
{
    [Fact(DisplayName = "Rate limits: a key over its limit gets 429 problem+json with Retry-After; another key is unaffected")]
    public async Task PerKeyRateLimit()
    {
        await using var server = await ApiServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["IpGuard:RateLimit:PermitsPerSecond"] = "2",
            ["IpGuard:RateLimit:Burst"] = "3",
        });
        using var noisy = server.Client("dev-checkout");
        using var quiet = server.Client("dev-admin");
        var sellerId = Ids.New("seller");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await noisy.GetAsync($"/v1/sellers/{sellerId}/checkout");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Equal("application/problem+json", limited!.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 carries Retry-After");
        limited.Dispose();

        await quiet.GetAsync($"/v1/sellers/{sellerId}/checkout").ExpectAsync(HttpStatusCode.OK);
        using var health = await server.Client().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact(DisplayName = "Rate limits: made-up keys share their address's bucket, so rotating unknown keys does not escape the limit (429 where 401s came)")]
    public async Task UnknownKeysShareTheAddressBucket()
    {
        await using var server = await ApiServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["IpGuard:RateLimit:PermitsPerSecond"] = "2",
            ["IpGuard:RateLimit:Burst"] = "3",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var client = server.Client($"made-up-{i}");
            using var response = await client.GetAsync("/v1/ping");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"unexpected {s}"));
    }

    [Fact(DisplayName = "Report bombing: 500 reports by one reporter, then 1,000 fresh reporters, never restrict or suspend a verified clean seller; at most a review case opens")]
    public async Task ReportBombingNeverSuspends()
    {
        var sellerId = Ids.New("seller");
        await api.Ingest.PostAsync("/v1/sellers", Json(new
        {
            eventId = Ids.New("ev"),
            sellerId,
            registeredAt = DateTimeOffset.UtcNow.AddYears(-3),
            country = "FR",
        })).ExpectAsync(HttpStatusCode.OK);
        foreach (var check in new[] { "identity", "business", "bank" })
        {
            await api.Ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(sellerId, check))).ExpectAsync(HttpStatusCode.OK);
        }

        var listingId = Ids.New("listing");
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, "Hand-thrown stoneware bowl", 45m))).ExpectAsync(HttpStatusCode.OK);

        await Parallel.ForAsync(0, 500, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report("bomber-1", i % 2 == 0 ? listingId : null, i % 2 == 0 ? null : sellerId))).ExpectAsync(HttpStatusCode.OK));
        var afterOne = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, afterOne.GetProperty("counts").GetProperty("reports").GetInt32());
        Assert.Equal("allow", afterOne.GetProperty("decision").GetString());

        var prefix = Ids.New("fresh");
        await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report($"{prefix}-{i}", i % 2 == 0 ? listingId : null, i % 2 == 0 ? null : sellerId))).ExpectAsync(HttpStatusCode.OK));

        var risk = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1001, risk.GetProperty("counts").GetProperty("reports").GetInt32());
        Assert.DoesNotContain(risk.GetProperty("decision").GetString(), new[] { "restrict", "suspend" });
        var dossier = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/dossier").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(dossier.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("to").GetString() is "restrict" or "suspend");

        var cases = await api.Moderator.GetAsync("/v1/cases?status=open&limit=500").ExpectAsync(HttpStatusCode.OK);
        var sellerCases = cases.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("sellerId").GetString() == sellerId && c.GetProperty("kind").GetString() == "seller_review").ToList();
        var review = Assert.Single(sellerCases);
        Assert.StartsWith("mass_reports", review.GetProperty("reason").GetString());
    }
}
