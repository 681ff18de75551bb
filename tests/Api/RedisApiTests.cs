using System.Net;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Api;

/// <summary>The api over a real redis-server: durability across restarts, and storage outages.</summary>
public sealed class RedisApiTests
{
    [Fact(DisplayName = "Redis: a listing answered 2xx survives a restart of api and silo")]
    public async Task AcknowledgedListingSurvivesRestart()
    {
        await using var redis = await RedisServer.StartAsync();
        var serviceId = $"ipguard-restart-{Guid.NewGuid():N}";
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var brandId = Ids.New("brand");
        System.Text.Json.JsonElement before;

        await using (var first = await ApiServer.StartAsync(redis.ConnectionString, serviceId))
        {
            using var admin = first.Client("dev-admin");
            await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Harrow"))).ExpectAsync(HttpStatusCode.OK);
            before = await admin.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, "Harrow coat replica", 100m, brandId))).ExpectAsync(HttpStatusCode.OK);
        }

        await using var second = await ApiServer.StartAsync(redis.ConnectionString, serviceId);
        using var moderator = second.Client("dev-moderator");
        var listing = await moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("status").GetString(), listing.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("score").GetInt32(), listing.GetProperty("score").GetInt32());
        var seller = await moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("seller").GetProperty("score").GetInt32(), seller.GetProperty("score").GetInt32());
        var brand = await moderator.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, brand.GetProperty("stats").GetProperty("listingsSeen").GetInt32());
    }

    [Fact(DisplayName = "Redis: policy versions, the active one and the audit log survive a restart; the first answer after the restart uses the stored active version")]
    public async Task PoliciesSurviveRestart()
    {
        await using var redis = await RedisServer.StartAsync();
        var serviceId = $"ipguard-policies-{Guid.NewGuid():N}";
        var shipped = new IpGuard.Grains.Scoring.RiskPolicy().Version;
        var candidate = Ids.New("cand");
        var sellerId = Ids.New("seller");

        await using (var first = await ApiServer.StartAsync(redis.ConnectionString, serviceId))
        {
            using var admin = first.Client("dev-admin");
            var document = System.Text.Json.Nodes.JsonNode.Parse((await admin.GetAsync($"/v1/policies/{shipped}").ExpectAsync(HttpStatusCode.OK)).GetRawText())!.AsObject();
            document["version"] = candidate;
            document["seller"]!["unverified"] = 30;
            await admin.PutAsync($"/v1/policies/{candidate}", Json(document)).ExpectAsync(HttpStatusCode.OK);
            await admin.PostAsync($"/v1/policies/{candidate}/activate", null).ExpectAsync(HttpStatusCode.OK);
        }

        await using var second = await ApiServer.StartAsync(redis.ConnectionString, serviceId);
        using var moderator = second.Client("dev-moderator");
        using var admin2 = second.Client("dev-admin");
        using var ingest = second.Client("dev-ingest");
        var list = await moderator.GetAsync("/v1/policies").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(candidate, list.GetProperty("active").GetString());

        // The silo loads the stored active version as it starts, before the api takes requests.
        var answer = await ingest.PostAsync("/v1/sellers", Json(Bodies.Seller(sellerId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(candidate, answer.GetProperty("policyVersion").GetString());
        var audit = await admin2.GetAsync("/v1/audit").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "policy_activated" && e.GetProperty("subject").GetString() == candidate);
    }

    [Fact(DisplayName = "Redis down: writes answer 503 with Retry-After, ready is 503, and nothing unacknowledged appears later")]
    public async Task StorageOutageAnswers503()
    {
        var redis = await RedisServer.StartOwnAsync();
        await using var _ = redis;
        await using var server = await ApiServer.StartAsync(redis.ConnectionString);
        using var ingest = server.Client("dev-ingest");
        using var moderator = server.Client("dev-moderator");
        var sellerId = Ids.New("seller");
        await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), sellerId))).ExpectAsync(HttpStatusCode.OK);

        await redis.StopAsync();

        var listingId = Ids.New("listing");
        using (var response = await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 carries Retry-After");
        }

        await moderator.GetAsync("/health/ready").ExpectAsync(HttpStatusCode.ServiceUnavailable);

        // Redis returns empty (it kept nothing on disk): the refused listing must not exist.
        await using var restarted = await RedisServer.StartOwnAsync(redis.Port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            using var response = await moderator.GetAsync($"/v1/listings/{listingId}/risk");
            status = response.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(100);
            }
        }
        while (status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
