using System.Net;
using System.Text;
using System.Text.Json;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.OpenApi;

/// <summary>
/// Error answers and less-used shapes, through the validating proxy: each call fails if Prism finds
/// the real answer undocumented, or a request the document forbids accepted (see
/// <see cref="OpenApiConformance"/>). The workflow and authorization tests cover the success paths
/// and 401/403 the same way.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class OpenApiTrafficTests(ContractApiFixture api)
{
    [Fact(DisplayName = "OpenAPI traffic: 400 answers (body fields, path ids, query values) are documented problem+json with errors")]
    public async Task BadRequestsAreDocumented()
    {
        var missingPrice = new { eventId = Ids.New("ev"), listingId = Ids.New("listing"), sellerId = Ids.New("seller"), title = "A t-shirt" };
        var problem = await api.Ingest.PostAsync("/v1/listings", Json(missingPrice)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _));

        await api.Ingest.PostAsync("/v1/sellers", Json(new { eventId = Ids.New("ev"), sellerId = "not an id" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Ingest.PostAsync("/v1/reports", Json(new { eventId = Ids.New("ev"), reporterId = "r", reporterKind = "robot", reason = "counterfeit", sellerId = "s" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Moderator.GetAsync("/v1/sellers/bad%20id/risk").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Moderator.GetAsync("/v1/listings/bad%20id/risk").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Checkout.GetAsync($"/v1/sellers/{Ids.New("seller")}/checkout?amount=12.345&currency=usd").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Moderator.GetAsync("/v1/cases?status=lost").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Moderator.GetAsync("/v1/cases?limit=0").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Moderator.PutAsync($"/v1/sellers/{Ids.New("seller")}/override", Json(new { decision = "suspend", reason = "r", expiresAt = DateTimeOffset.UtcNow.AddHours(-1) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await api.Admin.PostAsync($"/v1/brands/{Ids.New("brand")}/codes", Json(new { count = 0 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact(DisplayName = "OpenAPI traffic: 401 (no key, unknown key) and 403 (wrong role, another brand) are documented problem+json")]
    public async Task AuthAnswersAreDocumented()
    {
        await api.Anonymous.GetAsync($"/v1/sellers/{Ids.New("seller")}/risk").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var unknown = api.Client("ipg_" + new string('A', 43));
        await unknown.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await api.Checkout.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await api.Ingest.GetAsync("/v1/cases").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await api.Moderator.PutAsync($"/v1/brands/{Ids.New("brand")}", Json(Bodies.Brand("Lumora"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact(DisplayName = "OpenAPI traffic: 404 answers (unknown seller, listing, brand, case; report on an unseen listing) are documented")]
    public async Task NotFoundAnswersAreDocumented()
    {
        await api.Moderator.GetAsync($"/v1/sellers/{Ids.New("seller")}/risk").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.GetAsync($"/v1/listings/{Ids.New("listing")}/risk").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.GetAsync($"/v1/sellers/{Ids.New("seller")}/linked").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.GetAsync($"/v1/sellers/{Ids.New("seller")}/dossier").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.DeleteAsync($"/v1/sellers/{Ids.New("seller")}/override").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Admin.GetAsync($"/v1/brands/{Ids.New("brand")}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Admin.PostAsync($"/v1/brands/{Ids.New("brand")}/api-keys", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Admin.PostAsync($"/v1/brands/{Ids.New("brand")}/codes", Json(new { count = 1 })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.PostAsync($"/v1/cases/{Ids.New("case")}/claim", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(Ids.New("buyer"), listingId: Ids.New("listing")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Ingest.PostAsync($"/v1/sellers/{Ids.New("seller")}/appeals", Json(new { eventId = Ids.New("ev"), statement = "I sell originals" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "OpenAPI traffic: 409 (an eventId reused with another body, a listing moved to another seller, nothing to appeal) is documented")]
    public async Task ConflictAnswersAreDocumented()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var eventId = Ids.New("ev");
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, eventId: eventId))).ExpectAsync(HttpStatusCode.OK);
        var repeat = await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, eventId: eventId))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, title: "Another title", eventId: eventId))).ExpectProblemAsync(HttpStatusCode.Conflict);
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.Conflict);
        await api.Ingest.PostAsync($"/v1/sellers/{sellerId}/appeals", Json(new { eventId = Ids.New("ev"), statement = "Nothing to appeal" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact(DisplayName = "OpenAPI traffic: 413 (body over 1 MiB, batch over 1000 events) and 415 (wrong content type) are documented")]
    public async Task SizeAndContentTypeAnswersAreDocumented()
    {
        // A body over 1 MiB is answered 413 before it is read, and the proxy, still writing it,
        // may see the connection close (EPIPE): ValidationTests check that one directly.
        var lines = string.Join("\n", Enumerable.Range(0, 1001).Select(i => $"{{\"eventId\":\"e{i}\"}}"));
        await api.Ingest.PostAsync("/v1/listings/batch", Raw(lines, "application/x-ndjson")).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await api.Ingest.PostAsync("/v1/sellers", Raw("eventId=e1", "text/plain")).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await api.Ingest.PostAsync("/v1/listings/batch", Raw("<listings/>", "application/xml")).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await api.Admin.PostAsync($"/v1/cases/{Ids.New("case")}/resolve", Raw("outcome=confirmed", "application/x-www-form-urlencoded")).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact(DisplayName = "OpenAPI traffic: a batch (JSON array and ndjson, one bad line rejected alone), the dossier as JSON and HTML, the dashboard summary")]
    public async Task OtherShapesAreDocumented()
    {
        var sellerId = Ids.New("seller");
        var array = JsonSerializer.Serialize(new[] { Bodies.Listing(Ids.New("listing"), sellerId), Bodies.Listing(Ids.New("listing"), sellerId) });
        var batch = await api.Ingest.PostAsync("/v1/listings/batch", Raw(array)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, batch.GetProperty("accepted").GetInt32());

        var ndjson = JsonSerializer.Serialize(Bodies.Listing(Ids.New("listing"), sellerId)) + "\n{\"eventId\":\"only-an-id\"}\n";
        var mixed = await api.Ingest.PostAsync("/v1/listings/batch", Raw(ndjson, "application/x-ndjson")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, mixed.GetProperty("accepted").GetInt32());
        Assert.Equal(400, mixed.GetProperty("rejected")[0].GetProperty("status").GetInt32());

        await api.Ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(sellerId))).ExpectAsync(HttpStatusCode.OK);
        await api.Ingest.PostAsync("/v1/sellers", Json(new { eventId = Ids.New("ev"), sellerId, registeredAt = "2020-01-02T03:04:05Z", country = (string?)null, fingerprints = new { bankAccountHash = "b-1" } }))
            .ExpectAsync(HttpStatusCode.OK);
        var dossier = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/dossier").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(sellerId, dossier.GetProperty("sellerId").GetString());
        using (var html = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/dossier?format=html"))
        {
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        }

        var summary = await api.Moderator.GetAsync("/v1/dashboard/summary?top=5").ExpectAsync(HttpStatusCode.OK);
        Assert.True(summary.GetProperty("topSellers").GetArrayLength() <= 5);
        await api.Moderator.GetAsync("/v1/cases?status=resolved&limit=3").ExpectAsync(HttpStatusCode.OK);
        await api.Checkout.GetAsync($"/v1/sellers/{Ids.New("seller")}/checkout").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact(DisplayName = "OpenAPI traffic: 429 with Retry-After, from an api limited to one request a second, is documented")]
    public async Task RateLimitAnswerIsDocumented()
    {
        await using var server = await ApiServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["IpGuard:RateLimit:PermitsPerSecond"] = "1",
            ["IpGuard:RateLimit:Burst"] = "1",
        });
        await using var prism = await PrismProxy.StartAsync(api.DocumentPath!, server.BaseAddress);
        var traffic = new OpenApiTraffic();
        using var client = new HttpClient(new OpenApiConformance(traffic) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = prism.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-checkout");

        // The proxy's own probe spent the address bucket; this key has its own bucket of one.
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i < 5 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var response = await client.GetAsync("/v1/ping");
            last = response.StatusCode;
            if (last == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null, "429 without Retry-After");
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Equal(0, traffic.Failing);
    }
    [Fact(DisplayName = "OpenAPI traffic: 503 with Retry-After, from an api whose Redis was stopped, is documented")]
    public async Task StorageOutageAnswerIsDocumented()
    {
        var redis = await RedisServer.StartOwnAsync();
        try
        {
            await using var server = await ApiServer.StartAsync(redis.ConnectionString);
            await using var prism = await PrismProxy.StartAsync(api.DocumentPath!, server.BaseAddress);
            var traffic = new OpenApiTraffic();
            using var ingest = new HttpClient(new OpenApiConformance(traffic) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = prism.BaseAddress };
            ingest.DefaultRequestHeaders.Add("X-Api-Key", "dev-ingest");
            var sellerId = Ids.New("seller");
            await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), sellerId))).ExpectAsync(HttpStatusCode.OK);

            await redis.StopAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode status;
            do
            {
                using var response = await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), sellerId)));
                status = response.StatusCode;
                Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)status} during the outage");
                if (status == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
            while (status != HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal(0, traffic.Failing);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }
}
