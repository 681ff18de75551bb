using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Api;

/// <summary>
/// Input validation over HTTP: each invalid field answers 400 problem+json with <c>errors</c>
/// keyed by the camelCase field path, and bad input changes nothing. Also malformed JSON, wrong
/// content type, oversized bodies and batches, and lower_snake_case enums.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ValidationTests(ApiFixture fixture)
{
    private const long OneMiB = 1024 * 1024;

    // ---- POST /v1/listings ---------------------------------------------------------------

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Field)> ListingCases = new(StringComparer.Ordinal)
    {
        ["eventId missing"] = (b => b.Remove("eventId"), "eventId"),
        ["eventId empty"] = (b => b["eventId"] = "", "eventId"),
        ["eventId with illegal characters"] = (b => b["eventId"] = "ev 1/ä", "eventId"),
        ["eventId of 129 characters"] = (b => b["eventId"] = new string('e', 129), "eventId"),
        ["listingId missing"] = (b => b.Remove("listingId"), "listingId"),
        ["listingId with illegal characters"] = (b => b["listingId"] = "listing#1", "listingId"),
        ["listingId of 129 characters"] = (b => b["listingId"] = new string('l', 129), "listingId"),
        ["sellerId missing"] = (b => b.Remove("sellerId"), "sellerId"),
        ["sellerId with illegal characters"] = (b => b["sellerId"] = "seller 1", "sellerId"),
        ["brandId with illegal characters"] = (b => b["brandId"] = "brand/1", "brandId"),
        ["title missing"] = (b => b.Remove("title"), "title"),
        ["title empty"] = (b => b["title"] = "", "title"),
        ["title of 501 characters"] = (b => b["title"] = new string('t', 501), "title"),
        ["title null"] = (b => b["title"] = null, "title"),
        ["title of the wrong JSON type (number)"] = (b => b["title"] = 42, "title"),
        ["description of 10001 characters"] = (b => b["description"] = new string('d', 10_001), "description"),
        ["price missing"] = (b => b.Remove("price"), "price"),
        ["price.amount missing"] = (b => b["price"] = new JsonObject { ["currency"] = "USD" }, "price.amount"),
        ["price.amount negative"] = (b => b["price"]!["amount"] = -0.01m, "price.amount"),
        ["price.amount with 3 decimals"] = (b => b["price"]!["amount"] = 19.999m, "price.amount"),
        ["price.amount as a string"] = (b => b["price"]!["amount"] = "19.99", "price.amount"),
        ["price.currency missing"] = (b => b["price"] = new JsonObject { ["amount"] = 19.99m }, "price.currency"),
        ["price.currency lower-case"] = (b => b["price"]!["currency"] = "usd", "price.currency"),
        ["price.currency of 4 letters"] = (b => b["price"]!["currency"] = "USDD", "price.currency"),
        ["quantity negative"] = (b => b["quantity"] = -1, "quantity"),
        ["quantity a fraction"] = (b => b["quantity"] = 1.5m, "quantity"),
        ["quantity beyond a 32-bit integer"] = (b => b["quantity"] = 1e20m, "quantity"),
        ["imageHashes with a null item"] = (b => b["imageHashes"] = new JsonArray((JsonNode?)null), "imageHashes[0]"),
        ["imageHashes with an empty string"] = (b => b["imageHashes"] = new JsonArray(""), "imageHashes[0]"),
        ["imageHashes with an empty second item"] = (b => b["imageHashes"] = new JsonArray("img-1", ""), "imageHashes[1]"),
        ["withdrawn of the wrong JSON type (string)"] = (b => b["withdrawn"] = "yes", "withdrawn"),
        ["occurredAt not a time"] = (b => b["occurredAt"] = "yesterday", "occurredAt"),
    };

    public static TheoryData<string> ListingCaseNames() => Names(ListingCases.Keys);

    [Theory(DisplayName = "POST /v1/listings with one invalid field → 400 problem+json, errors keyed by that field's path only, and nothing is stored")]
    [MemberData(nameof(ListingCaseNames))]
    public async Task ListingFieldIsValidated(string @case)
    {
        var (mutate, field) = ListingCases[@case];
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var body = ValidListing(listingId, sellerId);
        mutate(body);

        var problem = await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(body.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, field);
        await AssertListingUnknownAsync(listingId);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "POST /v1/listings accepts the boundaries: 128-char ids, 500-char title, 10000-char description, amount 0 and 2 decimals, quantity 0")]
    public async Task ListingBoundariesAreAccepted()
    {
        var listingId = (Ids.New("listing") + new string('l', 128))[..128];
        var sellerId = Ids.New("seller");
        var body = ValidListing(listingId, sellerId);
        body["eventId"] = (Ids.New("ev") + ".:_-" + new string('e', 128))[..128];
        body["title"] = new string('t', 500);
        body["description"] = new string('d', 10_000);
        body["price"] = new JsonObject { ["amount"] = 0m, ["currency"] = "EUR" };
        body["quantity"] = 0;
        body["imageHashes"] = new JsonArray("img-1", "img-2");

        var result = await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(body.ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(listingId, result.GetProperty("listingId").GetString());

        var priced = ValidListing(Ids.New("listing"), sellerId);
        priced["price"]!["amount"] = 19.90m;
        await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(priced.ToJsonString())).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact(DisplayName = "Each base body of the validation cases is accepted as is (so the 400s come from the one changed field)")]
    public async Task BaseBodiesAreValid()
    {
        var sellerId = Ids.New("seller");
        await fixture.Ingest.PostAsync("/v1/sellers", Http.Raw(ValidSeller(sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        await fixture.Ingest.PostAsync("/v1/verifications", Http.Raw(ValidVerification(sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(ValidListing(Ids.New("listing"), sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        await fixture.Ingest.PostAsync("/v1/reports", Http.Raw(ValidReport(sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        var brandId = Ids.New("brand");
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Raw(ValidBrand().ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        await fixture.Admin.PostAsync($"/v1/brands/{brandId}/authorized-sellers", Http.Json(new { add = new[] { sellerId } })).ExpectAsync(HttpStatusCode.OK);
        await fixture.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout?amount=19.99&currency=USD").ExpectAsync(HttpStatusCode.OK);
    }

    // ---- POST /v1/sellers ----------------------------------------------------------------

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Field)> SellerCases = new(StringComparer.Ordinal)
    {
        ["eventId missing"] = (b => b.Remove("eventId"), "eventId"),
        ["eventId with illegal characters"] = (b => b["eventId"] = "ev;1", "eventId"),
        ["eventId of 129 characters"] = (b => b["eventId"] = new string('e', 129), "eventId"),
        ["sellerId missing"] = (b => b.Remove("sellerId"), "sellerId"),
        ["sellerId with illegal characters"] = (b => b["sellerId"] = "seller/1", "sellerId"),
        ["country 'usa'"] = (b => b["country"] = "usa", "country"),
        ["country lower-case 'us'"] = (b => b["country"] = "us", "country"),
        ["fingerprints.deviceId of 257 characters"] = (b => b["fingerprints"]!["deviceId"] = new string('d', 257), "fingerprints.deviceId"),
        ["fingerprints.bankAccountHash empty"] = (b => b["fingerprints"]!["bankAccountHash"] = "", "fingerprints.bankAccountHash"),
        ["registeredAt not a time"] = (b => b["registeredAt"] = "last tuesday", "registeredAt"),
    };

    public static TheoryData<string> SellerCaseNames() => Names(SellerCases.Keys);

    [Theory(DisplayName = "POST /v1/sellers with one invalid field → 400 problem+json, errors keyed by that field's path only, and the seller is not created")]
    [MemberData(nameof(SellerCaseNames))]
    public async Task SellerFieldIsValidated(string @case)
    {
        var (mutate, field) = SellerCases[@case];
        var sellerId = Ids.New("seller");
        var body = ValidSeller(sellerId);
        mutate(body);

        var problem = await fixture.Ingest.PostAsync("/v1/sellers", Http.Raw(body.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, field);
        await AssertSellerUnknownAsync(sellerId);
    }

    // ---- POST /v1/verifications ----------------------------------------------------------

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Field)> VerificationCases = new(StringComparer.Ordinal)
    {
        ["check 'retina'"] = (b => b["check"] = "retina", "check"),
        ["check missing"] = (b => b.Remove("check"), "check"),
        ["check 'Identity' (not lower_snake_case)"] = (b => b["check"] = "Identity", "check"),
        ["outcome 'maybe'"] = (b => b["outcome"] = "maybe", "outcome"),
        ["outcome as an integer"] = (b => b["outcome"] = 0, "outcome"),
        ["eventId with illegal characters"] = (b => b["eventId"] = "ev 1", "eventId"),
        ["fingerprints.deviceId of 257 characters"] = (b => b["fingerprints"] = new JsonObject { ["deviceId"] = new string('d', 257) }, "fingerprints.deviceId"),
    };

    public static TheoryData<string> VerificationCaseNames() => Names(VerificationCases.Keys);

    [Theory(DisplayName = "POST /v1/verifications with one invalid field → 400 problem+json, errors keyed by that field only, and the seller is not created")]
    [MemberData(nameof(VerificationCaseNames))]
    public async Task VerificationFieldIsValidated(string @case)
    {
        var (mutate, field) = VerificationCases[@case];
        var sellerId = Ids.New("seller");
        var body = ValidVerification(sellerId);
        mutate(body);

        var problem = await fixture.Ingest.PostAsync("/v1/verifications", Http.Raw(body.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, field);
        await AssertSellerUnknownAsync(sellerId);
    }

    // ---- POST /v1/reports ----------------------------------------------------------------

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string[] Fields)> ReportCases = new(StringComparer.Ordinal)
    {
        ["reporterKind 'robot'"] = (b => b["reporterKind"] = "robot", ["reporterKind"]),
        ["reporterKind 'Buyer' (not lower_snake_case)"] = (b => b["reporterKind"] = "Buyer", ["reporterKind"]),
        ["reporterKind as an integer"] = (b => b["reporterKind"] = 0, ["reporterKind"]),
        ["reason 'ugly'"] = (b => b["reason"] = "ugly", ["reason"]),
        ["reason missing"] = (b => b.Remove("reason"), ["reason"]),
        ["neither listingId nor sellerId"] = (b => b.Remove("sellerId"), ["listingId", "sellerId"]),
        ["details of 4001 characters"] = (b => b["details"] = new string('x', 4001), ["details"]),
        ["reporterId with illegal characters"] = (b => b["reporterId"] = "buyer 1", ["reporterId"]),
        ["eventId missing"] = (b => b.Remove("eventId"), ["eventId"]),
        ["listingId with illegal characters"] = (b => b["listingId"] = "listing 1", ["listingId"]),
    };

    public static TheoryData<string> ReportCaseNames() => Names(ReportCases.Keys);

    [Theory(DisplayName = "POST /v1/reports with one invalid field → 400 problem+json, errors keyed by that field only, and the seller's risk is unchanged")]
    [MemberData(nameof(ReportCaseNames))]
    public async Task ReportFieldIsValidated(string @case)
    {
        var (mutate, fields) = ReportCases[@case];
        var sellerId = Ids.New("seller");
        await fixture.Ingest.PostAsync("/v1/sellers", Http.Raw(ValidSeller(sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        var before = await fixture.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        var body = ValidReport(sellerId);
        mutate(body);

        var problem = await fixture.Ingest.PostAsync("/v1/reports", Http.Raw(body.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        var keys = ErrorKeys(problem);
        Assert.True(keys.Length == 1 && fields.Contains(keys[0]), $"expected errors keyed by one of [{string.Join(", ", fields)}], got [{string.Join(", ", keys)}]");
        var after = await fixture.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(0, after.GetProperty("counts").GetProperty("reports").GetInt32());
    }

    // ---- PUT /v1/brands/{brandId} ---------------------------------------------------------

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string Field)> BrandCases = new(StringComparer.Ordinal)
    {
        ["name missing"] = (b => b.Remove("name"), "name"),
        ["name empty"] = (b => b["name"] = "", "name"),
        ["trademarks missing"] = (b => b.Remove("trademarks"), "trademarks"),
        ["trademarks with an empty item"] = (b => b["trademarks"] = new JsonArray("Lumora", ""), "trademarks[1]"),
        ["authorizedSellers with an illegal id"] = (b => b["authorizedSellers"] = new JsonArray("seller 1"), "authorizedSellers[0]"),
        ["referencePrice.amount 1.234"] = (b => b["referencePrice"]!["amount"] = 1.234m, "referencePrice.amount"),
        ["referencePrice.currency lower-case"] = (b => b["referencePrice"]!["currency"] = "eur", "referencePrice.currency"),
        ["restricted of the wrong JSON type"] = (b => b["restricted"] = "yes", "restricted"),
        ["officialImageHashes with an empty second item"] = (b => b["officialImageHashes"] = new JsonArray("img-1", ""), "officialImageHashes[1]"),
        ["officialImageHashes with a null item"] = (b => b["officialImageHashes"] = new JsonArray((JsonNode?)null), "officialImageHashes[0]"),
        ["officialImageHashes with a blank item"] = (b => b["officialImageHashes"] = new JsonArray("   "), "officialImageHashes[0]"),
        ["officialImageHashes with an item of 257 characters"] = (b => b["officialImageHashes"] = new JsonArray(new string('h', 257)), "officialImageHashes[0]"),
        ["officialImageHashes of 101 items"] = (b => b["officialImageHashes"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode?)$"img-{i}")]), "officialImageHashes"),
        ["officialImageHashes not an array"] = (b => b["officialImageHashes"] = "img-1", "officialImageHashes"),
    };

    public static TheoryData<string> BrandCaseNames() => Names(BrandCases.Keys);

    [Theory(DisplayName = "PUT /v1/brands/{id} with one invalid field → 400 problem+json, errors keyed by that field only, and the brand is not registered")]
    [MemberData(nameof(BrandCaseNames))]
    public async Task BrandFieldIsValidated(string @case)
    {
        var (mutate, field) = BrandCases[@case];
        var brandId = Ids.New("brand");
        var body = ValidBrand();
        mutate(body);

        var problem = await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Raw(body.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, field);
        await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectContractProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "An invalid PUT over a registered brand → 400 and the brand is left exactly as it was")]
    public async Task InvalidPutLeavesBrandUnchanged()
    {
        var brandId = Ids.New("brand");
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Raw(ValidBrand().ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        var before = await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        var body = ValidBrand();
        body["name"] = "Renamed";
        body["referencePrice"]!["amount"] = 1.234m;

        var problem = await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Raw(body.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, "referencePrice.amount");
        var after = await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    // ---- POST /v1/brands/{brandId}/authorized-sellers ------------------------------------------

    private static readonly Dictionary<string, (string Body, string[] Fields)> AuthorizedSellerCases = new(StringComparer.Ordinal)
    {
        ["neither add nor remove"] = ("{}", ["add", "remove"]),
        ["add with an illegal id"] = ("""{"add":["seller 1"]}""", ["add[0]"]),
        ["remove with an empty id"] = ("""{"remove":["ok-1",""]}""", ["remove[1]"]),
        ["add of the wrong JSON type"] = ("""{"add":"seller-1"}""", ["add"]),
    };

    public static TheoryData<string> AuthorizedSellerCaseNames() => Names(AuthorizedSellerCases.Keys);

    [Theory(DisplayName = "POST /v1/brands/{id}/authorized-sellers with an invalid body → 400 problem+json keyed by the field, and the brand is unchanged")]
    [MemberData(nameof(AuthorizedSellerCaseNames))]
    public async Task AuthorizedSellersAreValidated(string @case)
    {
        var (body, fields) = AuthorizedSellerCases[@case];
        var brandId = Ids.New("brand");
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Raw(ValidBrand().ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        var before = await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);

        var problem = await fixture.Admin.PostAsync($"/v1/brands/{brandId}/authorized-sellers", Http.Raw(body)).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        var keys = ErrorKeys(problem);
        Assert.True(keys.Length == 1 && fields.Contains(keys[0]), $"expected errors keyed by one of [{string.Join(", ", fields)}], got [{string.Join(", ", keys)}]");
        var after = await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    // ---- GET /v1/sellers/{sellerId}/checkout -----------------------------------------------

    [Theory(DisplayName = "GET /v1/sellers/{id}/checkout with an invalid query parameter → 400 problem+json keyed by that parameter")]
    [InlineData("amount=abc&currency=USD", "amount")]
    [InlineData("amount=-1&currency=USD", "amount")]
    [InlineData("amount=1.234&currency=USD", "amount")]
    [InlineData("amount=19.99&currency=usd", "currency")]
    [InlineData("amount=19.99&currency=USDD", "currency")]
    [InlineData("listingId=listing%201&amount=19.99&currency=USD", "listingId")]
    public async Task CheckoutQueryIsValidated(string query, string field)
    {
        var sellerId = Ids.New("seller");

        var problem = await fixture.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout?{query}").ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, field);
    }

    // ---- whole-request problems -----------------------------------------------------------

    [Theory(DisplayName = "POST /v1/listings with a body that is not a JSON object → 400 problem+json with errors, and never a 5xx")]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"listing\"")]
    [InlineData("{\"eventId\":\"ev-1\",")]
    [InlineData("{\"eventId\":\"ev-1\"} trailing")]
    public async Task NonObjectBodyIsBadRequest(string text)
    {
        var problem = await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(text)).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(ErrorKeys(problem));
    }

    public static TheoryData<string> JsonRoutes() => Names(["POST /v1/sellers", "POST /v1/verifications", "POST /v1/listings", "POST /v1/listings/batch", "POST /v1/reports", "PUT /v1/brands/{brandId}", "POST /v1/brands/{brandId}/authorized-sellers"]);

    [Theory(DisplayName = "Malformed JSON ('{') → 400 problem+json with errors on every JSON route")]
    [MemberData(nameof(JsonRoutes))]
    public async Task MalformedJsonIsBadRequest(string route)
    {
        var brandId = await RegisteredBrandAsync();

        var problem = await SendAsync(route, brandId, Http.Raw("{")).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(ErrorKeys(problem));
    }

    [Theory(DisplayName = "A body sent as text/plain → 415 problem+json on every JSON route")]
    [MemberData(nameof(JsonRoutes))]
    public async Task WrongContentTypeIsUnsupported(string route)
    {
        var brandId = await RegisteredBrandAsync();

        await SendAsync(route, brandId, Http.Raw("{}", "text/plain")).ExpectContractProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory(DisplayName = "Authorization precedes the content-type check: text/plain from no key → 401, from a key without the route's role → 403")]
    [MemberData(nameof(JsonRoutes))]
    public async Task WrongContentTypeStillNeedsAuthorization(string route)
    {
        var brandId = await RegisteredBrandAsync();
        var parts = route.Split(' ', 2);
        var path = parts[1].Replace("{brandId}", brandId, StringComparison.Ordinal);
        var unauthorized = new HttpRequestMessage(new HttpMethod(parts[0]), path) { Content = Http.Raw("{}", "text/plain") };
        var forbidden = new HttpRequestMessage(new HttpMethod(parts[0]), path) { Content = Http.Raw("{}", "text/plain") };

        await fixture.Anonymous.SendAsync(unauthorized).ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
        await fixture.Checkout.SendAsync(forbidden).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact(DisplayName = "A valid listing sent as text/plain (to /v1/listings and /v1/listings/batch) → 415 and nothing is stored")]
    public async Task WrongContentTypeStoresNothing()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var json = ValidListing(listingId, sellerId).ToJsonString();

        await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(json, "text/plain")).ExpectContractProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await fixture.Ingest.PostAsync("/v1/listings/batch", Http.Raw(json + "\n", "text/plain")).ExpectContractProblemAsync(HttpStatusCode.UnsupportedMediaType);

        await AssertListingUnknownAsync(listingId);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "A listing body over 1 MiB (with Content-Length) → 413 problem+json and nothing is stored")]
    public async Task BodyOverOneMiBIsTooLarge()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var text = Padded(ValidListing(listingId, sellerId).ToJsonString(), OneMiB + 1);

        await PostExpectingContinueAsync("/v1/listings", Http.Raw(text)).ExpectContractProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await AssertListingUnknownAsync(listingId);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "A chunked listing body over 1 MiB (no Content-Length) → 413 problem+json and nothing is stored")]
    public async Task ChunkedBodyOverOneMiBIsTooLarge()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var text = Padded(ValidListing(listingId, sellerId).ToJsonString(), OneMiB + 1024);

        await fixture.Ingest.PostAsync("/v1/listings", new UnsizedContent(Encoding.UTF8.GetBytes(text), "application/json"))
            .ExpectContractProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await AssertListingUnknownAsync(listingId);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "A batch body over 1 MiB → 413 problem+json and none of its events is stored")]
    public async Task BatchBodyOverOneMiBIsTooLarge()
    {
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        var text = Padded(ValidListing(listingId, sellerId).ToJsonString(), OneMiB + 1) + "\n";

        await PostExpectingContinueAsync("/v1/listings/batch", Http.Raw(text, "application/x-ndjson")).ExpectContractProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await AssertListingUnknownAsync(listingId);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "A batch of 1001 events as NDJSON → 413 problem+json and none of its events is stored")]
    public async Task NdjsonBatchOver1000IsTooLarge()
    {
        var sellerId = Ids.New("seller");
        var listingIds = Enumerable.Range(0, 1001).Select(_ => Ids.New("listing")).ToList();
        var text = string.Join("\n", listingIds.Select(id => ValidListing(id, sellerId).ToJsonString())) + "\n";
        Assert.True(Encoding.UTF8.GetByteCount(text) < OneMiB, "the batch must be under 1 MiB so that only its count is over the limit");

        await fixture.Ingest.PostAsync("/v1/listings/batch", Http.Raw(text, "application/x-ndjson")).ExpectContractProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await AssertListingUnknownAsync(listingIds[0]);
        await AssertListingUnknownAsync(listingIds[^1]);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "A batch of 1001 events as a JSON array → 413 problem+json and none of its events is stored")]
    public async Task ArrayBatchOver1000IsTooLarge()
    {
        var sellerId = Ids.New("seller");
        var listingIds = Enumerable.Range(0, 1001).Select(_ => Ids.New("listing")).ToList();
        var array = new JsonArray(listingIds.Select(id => (JsonNode)ValidListing(id, sellerId)).ToArray());

        await fixture.Ingest.PostAsync("/v1/listings/batch", Http.Raw(array.ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await AssertListingUnknownAsync(listingIds[0]);
        await AssertListingUnknownAsync(listingIds[^1]);
        await AssertSellerUnknownAsync(sellerId);
    }

    [Fact(DisplayName = "A batch of exactly 1000 NDJSON events is accepted whole (200, accepted 1000, nothing rejected)")]
    public async Task BatchOf1000IsAccepted()
    {
        var sellerId = Ids.New("seller");
        var listingIds = Enumerable.Range(0, 1000).Select(_ => Ids.New("listing")).ToList();
        var text = string.Join("\n", listingIds.Select(id => ValidListing(id, sellerId).ToJsonString()));

        var result = await fixture.Ingest.PostAsync("/v1/listings/batch", Http.Raw(text, "application/x-ndjson")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1000, result.GetProperty("accepted").GetInt32());
        Assert.Equal(0, result.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, result.GetProperty("rejected").GetArrayLength());
        await fixture.Moderator.GetAsync($"/v1/listings/{listingIds[^1]}/risk").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact(DisplayName = "An invalid line of a batch is rejected alone with its index, eventId, 400 and errors keyed by field path; the valid lines are stored")]
    public async Task BatchLineIsValidatedAlone()
    {
        var sellerId = Ids.New("seller");
        var good = Ids.New("listing");
        var bad = Ids.New("listing");
        var badBody = ValidListing(bad, sellerId);
        badBody["price"]!["amount"] = 1.234m;
        var badEventId = badBody["eventId"]!.GetValue<string>();
        var text = string.Join("\n", ValidListing(good, sellerId).ToJsonString(), badBody.ToJsonString(), "{");

        var result = await fixture.Ingest.PostAsync("/v1/listings/batch", Http.Raw(text, "application/x-ndjson")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.Equal(1, rejected[0].GetProperty("index").GetInt32());
        Assert.Equal(badEventId, rejected[0].GetProperty("eventId").GetString());
        Assert.Equal(400, rejected[0].GetProperty("status").GetInt32());
        Assert.Equal(new[] { "price.amount" }, rejected[0].GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(2, rejected[1].GetProperty("index").GetInt32());
        Assert.Equal(400, rejected[1].GetProperty("status").GetInt32());
        await fixture.Moderator.GetAsync($"/v1/listings/{good}/risk").ExpectAsync(HttpStatusCode.OK);
        await AssertListingUnknownAsync(bad);
    }

    [Fact(DisplayName = "JSON nested deeper than the reader allows → 400 problem+json, not a 5xx")]
    public async Task DeepNestingIsBadRequest()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var json = ValidListing(listingId, sellerId).ToJsonString();
        var text = json[..^1] + ",\"extra\":" + new string('[', 200) + new string(']', 200) + "}";

        var problem = await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(text)).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(ErrorKeys(problem));
        await AssertListingUnknownAsync(listingId);
    }

    [Fact(DisplayName = "A body that is not valid UTF-8 → 400 problem+json, not a 5xx, and nothing is stored")]
    public async Task InvalidUtf8IsBadRequest()
    {
        var listingId = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var body = ValidListing(listingId, sellerId);
        body["title"] = "TITLE";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var at = Array.IndexOf(bytes, (byte)'T');
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xFE;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await fixture.Ingest.PostAsync("/v1/listings", content).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        await AssertListingUnknownAsync(listingId);
    }

    [Fact(DisplayName = "Authorization precedes validation: a malformed body from a key without the role → 403, from no key → 401")]
    public async Task AuthorizationBeforeValidation()
    {
        await fixture.Checkout.PostAsync("/v1/listings", Http.Raw("{")).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
        await fixture.Anonymous.PostAsync("/v1/listings", Http.Raw("{")).ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
        await fixture.Moderator.PutAsync($"/v1/brands/{Ids.New("brand")}", Http.Raw("{", "text/plain")).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact(DisplayName = "PUT /v1/brands/{id} with an illegal id in the path → 400 problem+json keyed by brandId, and nothing is registered")]
    public async Task BrandIdInPathIsValidated()
    {
        var brandId = "brand " + Guid.NewGuid().ToString("N");
        var path = $"/v1/brands/{Uri.EscapeDataString(brandId)}";

        var problem = await fixture.Admin.PutAsync(path, Http.Raw(ValidBrand().ToJsonString())).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, "brandId");
        await fixture.Admin.GetAsync(path).ExpectContractProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory(DisplayName = "GET risk with an illegal id in the path → 400 problem+json keyed by that id, not a 5xx")]
    [InlineData("/v1/sellers/{0}/risk", "sellerId")]
    [InlineData("/v1/listings/{0}/risk", "listingId")]
    [InlineData("/v1/sellers/{0}/checkout", "sellerId")]
    public async Task RiskPathIdIsValidated(string template, string field)
    {
        var id = Uri.EscapeDataString("id " + Guid.NewGuid().ToString("N"));

        var problem = await fixture.Admin.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id)).ExpectContractProblemAsync(HttpStatusCode.BadRequest);

        AssertOnlyError(problem, field);
    }

    // ---- enums ------------------------------------------------------------------------------

    [Theory(DisplayName = "Enum values are lower_snake_case strings on input: reporterKind and reason accept the contract's values")]
    [InlineData("buyer", "counterfeit")]
    [InlineData("system", "trademark")]
    [InlineData("buyer", "copyright")]
    [InlineData("system", "design")]
    [InlineData("buyer", "other")]
    public async Task ReportEnumsAreLowerSnakeCase(string reporterKind, string reason)
    {
        var sellerId = Ids.New("seller");
        await fixture.Ingest.PostAsync("/v1/sellers", Http.Raw(ValidSeller(sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        var body = ValidReport(sellerId);
        body["reporterKind"] = reporterKind;
        body["reason"] = reason;

        var result = await fixture.Ingest.PostAsync("/v1/reports", Http.Raw(body.ToJsonString())).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(sellerId, result.GetProperty("seller").GetProperty("sellerId").GetString());
        AssertLowerSnake(result.GetProperty("seller").GetProperty("band"));
        AssertLowerSnake(result.GetProperty("seller").GetProperty("decision"));
    }

    [Fact(DisplayName = "Enum values are lower_snake_case strings on output: listing status/band, seller band/decision and verification outcome")]
    public async Task EnumsAreWrittenLowerSnakeCase()
    {
        var sellerId = Ids.New("seller");
        var verified = await fixture.Ingest.PostAsync("/v1/verifications", Http.Raw(ValidVerification(sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("passed", verified.GetProperty("verification").GetProperty("identity").GetProperty("outcome").GetString());
        AssertLowerSnake(verified.GetProperty("band"));
        AssertLowerSnake(verified.GetProperty("decision"));

        var listingId = Ids.New("listing");
        var listing = await fixture.Ingest.PostAsync("/v1/listings", Http.Raw(ValidListing(listingId, sellerId).ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", listing.GetProperty("status").GetString());
        AssertLowerSnake(listing.GetProperty("band"));
        AssertLowerSnake(listing.GetProperty("seller").GetProperty("decision"));

        var risk = await fixture.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", risk.GetProperty("status").GetString());

        var checkout = await fixture.Checkout.GetAsync($"/v1/sellers/{Ids.New("seller")}/checkout").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hold", checkout.GetProperty("outcome").GetString());
        Assert.Contains("unknown_seller", checkout.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }

    private static JsonObject ValidListing(string listingId, string sellerId) => new()
    {
        ["eventId"] = Ids.New("ev"),
        ["listingId"] = listingId,
        ["sellerId"] = sellerId,
        ["title"] = "Plain cotton t-shirt, navy",
        ["description"] = "A plain t-shirt.",
        ["price"] = new JsonObject { ["amount"] = 19.99m, ["currency"] = "USD" },
        ["quantity"] = 3,
        ["imageHashes"] = new JsonArray("img-1"),
        ["withdrawn"] = false,
        ["occurredAt"] = "2026-11-28T12:00:00Z",
    };

    private static JsonObject ValidSeller(string sellerId) => new()
    {
        ["eventId"] = Ids.New("ev"),
        ["sellerId"] = sellerId,
        ["registeredAt"] = "2026-01-15T08:30:00Z",
        ["country"] = "US",
        ["fingerprints"] = new JsonObject { ["deviceId"] = Ids.New("device"), ["bankAccountHash"] = Ids.New("bank") },
    };

    private static JsonObject ValidVerification(string sellerId) => new()
    {
        ["eventId"] = Ids.New("ev"),
        ["sellerId"] = sellerId,
        ["check"] = "identity",
        ["outcome"] = "passed",
    };

    private static JsonObject ValidReport(string sellerId) => new()
    {
        ["eventId"] = Ids.New("ev"),
        ["reporterId"] = Ids.New("buyer"),
        ["reporterKind"] = "buyer",
        ["sellerId"] = sellerId,
        ["reason"] = "counterfeit",
        ["details"] = "Looks fake.",
    };

    private static JsonObject ValidBrand() => new()
    {
        ["name"] = "Lumora",
        ["trademarks"] = new JsonArray("Lumora"),
        ["protectedTerms"] = new JsonArray("lumora"),
        ["authorizedSellers"] = new JsonArray(),
        ["referencePrice"] = new JsonObject { ["amount"] = 500m, ["currency"] = "EUR" },
        ["restricted"] = false,
    };

    private async Task<string> RegisteredBrandAsync()
    {
        var brandId = Ids.New("brand");
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Raw(ValidBrand().ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        return brandId;
    }

    private Task<HttpResponseMessage> SendAsync(string route, string brandId, HttpContent content)
    {
        var parts = route.Split(' ', 2);
        var client = parts[1].StartsWith("/v1/brands", StringComparison.Ordinal) ? fixture.Admin : fixture.Ingest;
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1].Replace("{brandId}", brandId, StringComparison.Ordinal)) { Content = content };
        return client.SendAsync(request);
    }

    /// <summary>
    /// Posts as ingest with <c>Expect: 100-continue</c>, as a client sending a large body should:
    /// a server that answers from the headers alone (413 on Content-Length) closes the connection
    /// without reading the body, and without 100-continue the client could fail mid-upload
    /// (broken pipe) before it reads that answer.
    /// </summary>
    private Task<HttpResponseMessage> PostExpectingContinueAsync(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        return fixture.Ingest.SendAsync(request);
    }

    /// <summary>The JSON text followed by spaces up to the given size in UTF-8 bytes (still valid JSON).</summary>
    private static string Padded(string json, long bytes) => json + new string(' ', (int)(bytes - Encoding.UTF8.GetByteCount(json)));

    private static string[] ErrorKeys(JsonElement problem)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object, $"a validation problem has an errors object: {problem}");
        foreach (var error in errors.EnumerateObject())
        {
            Assert.True(error.Value.ValueKind == JsonValueKind.Array && error.Value.GetArrayLength() > 0, $"errors.{error.Name} lists messages: {problem}");
        }

        return errors.EnumerateObject().Select(e => e.Name).ToArray();
    }

    private static void AssertOnlyError(JsonElement problem, string field)
    {
        var keys = ErrorKeys(problem);
        Assert.True(keys.Length == 1 && keys[0] == field, $"expected errors keyed by '{field}' only, got [{string.Join(", ", keys)}]: {problem}");
    }

    private static void AssertLowerSnake(JsonElement value)
    {
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        Assert.Matches("^[a-z]+(_[a-z]+)*$", value.GetString()!);
    }

    private async Task AssertSellerUnknownAsync(string sellerId) =>
        await fixture.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectContractProblemAsync(HttpStatusCode.NotFound);

    private async Task AssertListingUnknownAsync(string listingId) =>
        await fixture.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectContractProblemAsync(HttpStatusCode.NotFound);

    /// <summary>A body sent without a Content-Length (chunked).</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(byte[] bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(64 * 1024, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
