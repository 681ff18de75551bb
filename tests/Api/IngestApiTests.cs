using System.Net;
using System.Text;
using System.Text.Json;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class IngestApiTests(ApiFixture api)
{
    [Fact(DisplayName = "Tour: a suspicious listing of a restricted brand is removed, its seller reviewed, and checkout blocks it")]
    public async Task SuspiciousListingTour()
    {
        var brandId = Ids.New("brand");
        var brand = await api.Admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Quorra"))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(brand.GetProperty("restricted").GetBoolean());

        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        var listing = await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, "Quorra handbag replica mirror quality", 160m, brandId)))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("removed", listing.GetProperty("status").GetString());
        Assert.Equal("critical", listing.GetProperty("band").GetString());
        Assert.False(listing.GetProperty("duplicate").GetBoolean());
        Assert.Equal(listing.GetProperty("score").GetInt32(), listing.GetProperty("factors").EnumerateArray().Sum(f => f.GetProperty("points").GetInt32()));
        Assert.Equal(sellerId, listing.GetProperty("seller").GetProperty("sellerId").GetString());

        var risk = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("review", risk.GetProperty("decision").GetString());
        Assert.Equal(1, risk.GetProperty("counts").GetProperty("removedListings").GetInt32());
        Assert.Equal(risk.GetProperty("score").GetInt32(), risk.GetProperty("factors").EnumerateArray().Sum(f => f.GetProperty("points").GetInt32()));
        Assert.EndsWith("Z", risk.GetProperty("updatedAt").GetString());
        Assert.False(string.IsNullOrEmpty(risk.GetProperty("policyVersion").GetString()));

        var checkout = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout?listingId={listingId}&amount=160.00&currency=USD").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("block", checkout.GetProperty("outcome").GetString());
        Assert.Contains("listing_removed", checkout.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        var listingRisk = await api.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("proactive", listingRisk.GetProperty("removal").GetProperty("by").GetString());
        Assert.Equal(brandId, listingRisk.GetProperty("brandId").GetString());

        var stats = (await api.Moderator.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("stats");
        Assert.Equal(1, stats.GetProperty("listingsSeen").GetInt32());
        Assert.Equal(1, stats.GetProperty("proactiveRemovals").GetInt32());
    }

    [Fact(DisplayName = "An unknown seller gets hold with unknown_seller at checkout, and 404 for its risk")]
    public async Task UnknownSeller()
    {
        var sellerId = Ids.New("seller");
        var checkout = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hold", checkout.GetProperty("outcome").GetString());
        Assert.Equal(["unknown_seller"], checkout.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(JsonValueKind.Null, checkout.GetProperty("sellerDecision").ValueKind);

        await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.GetAsync($"/v1/listings/{Ids.New("listing")}/risk").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Moderator.GetAsync($"/v1/brands/{Ids.New("brand")}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "Idempotency: a repeated eventId answers the same result with duplicate=true; another body is 409")]
    public async Task ListingIdempotency()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var body = Bodies.Listing(listingId, sellerId, "Ceramic vase", eventId: Ids.New("ev"));

        var first = await api.Ingest.PostAsync("/v1/listings", Json(body)).ExpectAsync(HttpStatusCode.OK);
        var second = await api.Ingest.PostAsync("/v1/listings", Json(body)).ExpectAsync(HttpStatusCode.OK);

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("score").GetInt32(), second.GetProperty("score").GetInt32());
        Assert.Equal(first.GetProperty("status").GetString(), second.GetProperty("status").GetString());

        var changed = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(body))!;
        changed["title"] = "Ceramic vase replica";
        var conflict = await api.Ingest.PostAsync("/v1/listings", Json(changed)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("eventId", conflict.GetProperty("detail").GetString());

        var risk = await api.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ceramic vase", risk.GetProperty("title").GetString());
        var seller = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, seller.GetProperty("counts").GetProperty("listings").GetInt32());
    }

    [Fact(DisplayName = "Idempotency for sellers, verifications and reports: repeats are duplicates and count once")]
    public async Task OtherIdempotentWrites()
    {
        var sellerId = Ids.New("seller");
        var register = Bodies.Seller(sellerId);
        await api.Ingest.PostAsync("/v1/sellers", Json(register)).ExpectAsync(HttpStatusCode.OK);
        var again = await api.Ingest.PostAsync("/v1/sellers", Json(register)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(again.GetProperty("duplicate").GetBoolean());

        var verification = Bodies.Verification(sellerId);
        var verified = await api.Ingest.PostAsync("/v1/verifications", Json(verification)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verified.GetProperty("verification").GetProperty("verified").GetBoolean());
        Assert.Equal("passed", verified.GetProperty("verification").GetProperty("identity").GetProperty("outcome").GetString());
        Assert.True((await api.Ingest.PostAsync("/v1/verifications", Json(verification)).ExpectAsync(HttpStatusCode.OK)).GetProperty("duplicate").GetBoolean());

        var report = Bodies.Report("reporter-1", sellerId: sellerId);
        var reported = await api.Ingest.PostAsync("/v1/reports", Json(report)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(reported.GetProperty("duplicate").GetBoolean());
        Assert.False(string.IsNullOrEmpty(reported.GetProperty("reportId").GetString()));
        var repeated = await api.Ingest.PostAsync("/v1/reports", Json(report)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(repeated.GetProperty("duplicate").GetBoolean());
        Assert.Equal(reported.GetProperty("reportId").GetString(), repeated.GetProperty("reportId").GetString());

        var risk = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, risk.GetProperty("counts").GetProperty("reports").GetInt32());
    }

    [Fact(DisplayName = "Reports: a listing report answers the listing and its seller; unknown subjects are 404; a wrong seller is 409")]
    public async Task Reports()
    {
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId))).ExpectAsync(HttpStatusCode.OK);

        var answer = await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report("buyer-9", listingId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(listingId, answer.GetProperty("listing").GetProperty("listingId").GetString());
        Assert.Equal(sellerId, answer.GetProperty("seller").GetProperty("sellerId").GetString());
        Assert.Contains(
            (await api.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK)).GetProperty("factors").EnumerateArray(),
            f => f.GetProperty("code").GetString() == "reports");

        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report("buyer-9", Ids.New("listing")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report("buyer-9", sellerId: Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report("buyer-9", listingId, Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact(DisplayName = "A listing's seller never changes: another seller for the same listing is 409")]
    public async Task ListingSellerNeverChanges()
    {
        var listingId = Ids.New("listing");
        var owner = Ids.New("seller");
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, owner))).ExpectAsync(HttpStatusCode.OK);
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.Conflict);
        var risk = await api.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(owner, risk.GetProperty("sellerId").GetString());
    }

    [Fact(DisplayName = "Withdrawn: a delisted listing is withdrawn and checkout blocks it")]
    public async Task WithdrawnListing()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId))).ExpectAsync(HttpStatusCode.OK);
        var withdrawn = await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, withdrawn: true))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        var checkout = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout?listingId={listingId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("block", checkout.GetProperty("outcome").GetString());
    }

    [Fact(DisplayName = "Batch (NDJSON): good events are accepted, bad lines are rejected with their index, duplicates counted")]
    public async Task NdjsonBatchPartialFailure()
    {
        var sellerId = Ids.New("seller");
        var repeated = Bodies.Listing(Ids.New("listing"), sellerId, eventId: Ids.New("ev"));
        var lines = new[]
        {
            JsonSerializer.Serialize(Bodies.Listing(Ids.New("listing"), sellerId)),
            "{\"eventId\": \"broken",
            JsonSerializer.Serialize(Bodies.Listing(Ids.New("listing"), sellerId, title: "")),
            JsonSerializer.Serialize(repeated),
            "",
            JsonSerializer.Serialize(repeated),
        };
        var body = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");

        var result = await api.Ingest.PostAsync("/v1/listings/batch", body).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 2], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(rejected, r => Assert.Equal(400, r.GetProperty("status").GetInt32()));
        Assert.True(rejected[1].GetProperty("errors").TryGetProperty("title", out _));

        var seller = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, seller.GetProperty("counts").GetProperty("listings").GetInt32());
    }

    [Fact(DisplayName = "Batch (JSON array): events of one listing apply in order, a seller change is rejected 409")]
    public async Task JsonArrayBatchOrderAndConflict()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var events = new[]
        {
            Bodies.Listing(listingId, sellerId, "Desk lamp v1"),
            Bodies.Listing(listingId, sellerId, "Desk lamp v2"),
            Bodies.Listing(listingId, Ids.New("seller"), "Desk lamp stolen"),
            Bodies.Listing(listingId, sellerId, "Desk lamp v3"),
        };

        var result = await api.Ingest.PostAsync("/v1/listings/batch", Json(events)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Equal(409, rejected.GetProperty("status").GetInt32());
        var risk = await api.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Desk lamp v3", risk.GetProperty("title").GetString());
    }

    [Fact(DisplayName = "Authorized sellers: once authorized, a seller's listing of a restricted brand loses the restriction factor")]
    public async Task AuthorizedSellers()
    {
        var brandId = Ids.New("brand");
        var sellerId = Ids.New("seller");
        await api.Admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Pelwyn", 100m))).ExpectAsync(HttpStatusCode.OK);
        var before = await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), sellerId, "Pelwyn boots", 95m, brandId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(before.GetProperty("factors").EnumerateArray(), f => f.GetProperty("code").GetString() == "restricted_brand_unauthorized");

        var view = await api.Admin.PostAsync($"/v1/brands/{brandId}/authorized-sellers", Json(new { add = new[] { sellerId } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(sellerId, view.GetProperty("authorizedSellers").EnumerateArray().Select(s => s.GetString()));

        var after = await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), sellerId, "Pelwyn boots", 95m, brandId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, after.GetProperty("score").GetInt32());

        var removed = await api.Admin.PostAsync($"/v1/brands/{brandId}/authorized-sellers", Json(new { remove = new[] { sellerId } })).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(sellerId, removed.GetProperty("authorizedSellers").EnumerateArray().Select(s => s.GetString()));
        await api.Admin.PostAsync($"/v1/brands/{Ids.New("brand")}/authorized-sellers", Json(new { add = new[] { sellerId } })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "Brand keys: minted once (201), act on their own brand only")]
    public async Task BrandKeys()
    {
        var brandId = Ids.New("brand");
        await api.Admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Ostrel"))).ExpectAsync(HttpStatusCode.OK);
        var minted = await api.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created);
        var key = minted.GetProperty("apiKey").GetString()!;
        Assert.True(key.Length >= 40, "a minted key is long and random");
        Assert.Equal([$"brand:{brandId}"], minted.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));

        using var owner = api.Server.Client(key);
        await owner.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        await owner.GetAsync($"/v1/brands/{Ids.New("brand")}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await owner.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), Ids.New("seller")))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await api.Admin.PostAsync($"/v1/brands/{Ids.New("brand")}/api-keys", null).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "Operations: live, ready, Prometheus metrics, the OpenAPI document and the interactive reference")]
    public async Task Operations()
    {
        await api.Ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), Ids.New("seller")))).ExpectAsync(HttpStatusCode.OK);

        await api.Anonymous.GetAsync("/health/live").ExpectAsync(HttpStatusCode.OK);
        var ready = await api.Anonymous.GetAsync("/health/ready").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());

        var metrics = await api.Anonymous.GetStringAsync("/metrics");
        Assert.Contains("ipguard_events_ingested_total", metrics);
        Assert.Contains("http_server_request_duration_seconds", metrics);

        var openApi = await api.Anonymous.GetAsync("/openapi/v1.json").ExpectAsync(HttpStatusCode.OK);
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/v1/listings", "/v1/listings/batch", "/v1/sellers/{sellerId}/checkout", "/v1/brands/{brandId}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }

        // The hot path documents its answer and its 400, so checkout clients can generate code from it.
        var checkout = paths.GetProperty("/v1/sellers/{sellerId}/checkout").GetProperty("get").GetProperty("responses");
        Assert.Equal("#/components/schemas/CheckoutAnswer", checkout.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(checkout.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));

        using var docs = await api.Anonymous.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType?.MediaType);
    }
}
