using System.Net;
using System.Text.Json;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Api;

/// <summary>
/// The contract's authorization matrix over HTTP: every mapped route against every kind of
/// caller (no key, unknown key, each development key, the route's own brand key and another
/// brand's key). Denied calls answer 401/403 as problem+json and change nothing. Every call goes
/// through the validating proxy, so each answer is also checked against the OpenAPI document.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class AuthorizationTests(ContractApiFixture fixture)
{
    public enum Caller { NoKey, UnknownKey, Ingest, Checkout, Moderator, Admin, OwnBrand, OtherBrand }

    public enum Endpoint
    {
        PostSellers,
        PostVerifications,
        PostListings,
        PostListingsBatch,
        PostReports,
        PutBrand,
        GetBrand,
        PostBrandApiKeys,
        PostBrandAuthorizedSellers,
        GetSellerRisk,
        GetSellerCheckout,
        GetListingRisk,
        PostBrandNotices,
        PostBrandTakedowns,
        PostBrandCodes,
        PostScans,
        GetCases,
        PostCaseClaim,
        PostCaseResolve,
        PostAppeals,
        PutOverride,
        DeleteOverride,
        GetLinked,
        GetDossier,
        GetDashboardSummary,
        GetPing,
        GetOutcomes,
    }

    /// <summary>Who may call each route, as the contract says (admin holds every role).</summary>
    private static readonly IReadOnlyDictionary<Endpoint, Caller[]> Allowed = new Dictionary<Endpoint, Caller[]>
    {
        [Endpoint.PostSellers] = [Caller.Ingest, Caller.Admin],
        [Endpoint.PostVerifications] = [Caller.Ingest, Caller.Admin],
        [Endpoint.PostListings] = [Caller.Ingest, Caller.Admin],
        [Endpoint.PostListingsBatch] = [Caller.Ingest, Caller.Admin],
        [Endpoint.PostReports] = [Caller.Ingest, Caller.Admin],
        [Endpoint.PutBrand] = [Caller.Admin],
        [Endpoint.GetBrand] = [Caller.Admin, Caller.Moderator, Caller.OwnBrand],
        [Endpoint.PostBrandApiKeys] = [Caller.Admin],
        [Endpoint.PostBrandAuthorizedSellers] = [Caller.OwnBrand, Caller.Admin],
        [Endpoint.GetSellerRisk] = [Caller.Checkout, Caller.Moderator, Caller.Admin],
        [Endpoint.GetSellerCheckout] = [Caller.Checkout, Caller.Admin],
        [Endpoint.GetListingRisk] = [Caller.Checkout, Caller.Moderator, Caller.Admin],
        [Endpoint.PostBrandNotices] = [Caller.OwnBrand, Caller.Admin],
        [Endpoint.PostBrandTakedowns] = [Caller.OwnBrand, Caller.Admin],
        [Endpoint.PostBrandCodes] = [Caller.OwnBrand, Caller.Admin],
        [Endpoint.PostScans] = [Caller.Ingest, Caller.Admin],
        [Endpoint.GetCases] = [Caller.Moderator, Caller.Admin],
        [Endpoint.PostCaseClaim] = [Caller.Moderator, Caller.Admin],
        [Endpoint.PostCaseResolve] = [Caller.Moderator, Caller.Admin],
        [Endpoint.PostAppeals] = [Caller.Ingest, Caller.Admin],
        [Endpoint.PutOverride] = [Caller.Moderator, Caller.Admin],
        [Endpoint.DeleteOverride] = [Caller.Moderator, Caller.Admin],
        [Endpoint.GetLinked] = [Caller.Moderator, Caller.Admin],
        [Endpoint.GetDossier] = [Caller.Moderator, Caller.Admin],
        [Endpoint.GetDashboardSummary] = [Caller.Moderator, Caller.Admin],
        [Endpoint.GetPing] = [Caller.Checkout, Caller.Admin],
        [Endpoint.GetOutcomes] = [Caller.Admin],
    };

    public static TheoryData<Endpoint, Caller> Cases()
    {
        var data = new TheoryData<Endpoint, Caller>();
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    [Theory(DisplayName = "Authorization matrix: no/unknown key → 401, a key without the route's role → 403, an allowed key → the route's 2xx")]
    [MemberData(nameof(Cases))]
    public async Task AuthorizationMatrix(Endpoint endpoint, Caller caller)
    {
        var scene = await SceneAsync();
        var call = CallFor(endpoint, scene);
        var key = KeyFor(caller, scene);

        if (caller is Caller.NoKey or Caller.UnknownKey)
        {
            await SendAsync(call.Method, call.Path, call.Content, key).ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
            await call.AssertNotApplied();
        }
        else if (!Allowed[endpoint].Contains(caller))
        {
            await SendAsync(call.Method, call.Path, call.Content, key).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
            await call.AssertNotApplied();
        }
        else
        {
            using var response = await SendAsync(call.Method, call.Path, call.Content, key);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{caller} must be allowed on {endpoint}: {(int)response.StatusCode} {text}");
            Assert.True(call.Success == response.StatusCode, $"{caller} on {endpoint}: expected {(int)call.Success}, got {(int)response.StatusCode}: {text}");
        }
    }

    [Fact(DisplayName = "A brand key can neither read, re-key, change the sellers of, nor replace another brand (403 each) and the other brand stays unchanged")]
    public async Task BrandKeyIsConfinedToItsBrand()
    {
        var scene = await SceneAsync();
        var before = await GetBrandAsync(scene.OtherBrandId);

        await SendAsync(HttpMethod.Get, $"/v1/brands/{scene.OtherBrandId}", null, scene.OwnBrandKey).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Post, $"/v1/brands/{scene.OtherBrandId}/api-keys", null, scene.OwnBrandKey).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Post, $"/v1/brands/{scene.OtherBrandId}/authorized-sellers", Http.Json(new { add = new[] { Ids.New("seller") } }), scene.OwnBrandKey)
            .ExpectContractProblemAsync(HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Put, $"/v1/brands/{scene.OtherBrandId}", Http.Json(BrandBody("Hijacked")), scene.OwnBrandKey).ExpectContractProblemAsync(HttpStatusCode.Forbidden);

        var after = await GetBrandAsync(scene.OtherBrandId);
        Assert.Equal(before.GetRawText(), after.GetRawText());

        // And the same key still works on its own brand.
        var own = await SendAsync(HttpMethod.Get, $"/v1/brands/{scene.BrandId}", null, scene.OwnBrandKey).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(scene.BrandId, own.GetProperty("brandId").GetString());
    }

    [Fact(DisplayName = "Brand ids are case-sensitive: a key for brand 'x' is refused (403) on brand 'X'")]
    public async Task BrandKeyDoesNotMatchAnotherCase()
    {
        var scene = await SceneAsync();
        var upper = scene.BrandId.ToUpperInvariant();
        Assert.NotEqual(scene.BrandId, upper);

        await SendAsync(HttpMethod.Get, $"/v1/brands/{upper}", null, scene.OwnBrandKey).ExpectContractProblemAsync(HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Post, $"/v1/brands/{upper}/authorized-sellers", Http.Json(new { add = new[] { Ids.New("seller") } }), scene.OwnBrandKey)
            .ExpectContractProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact(DisplayName = "Minting a key for a brand that is not registered → 404 problem+json (admin)")]
    public async Task MintForUnregisteredBrandIsNotFound()
    {
        var brandId = Ids.New("brand");

        await fixture.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectContractProblemAsync(HttpStatusCode.NotFound);

        await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectContractProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "A minted brand key is 201 {apiKey, brandId, roles:[brand:<id>]}, differs on every mint, and each key reads its brand at once")]
    public async Task MintedKeyShapeAndUse()
    {
        var brandId = Ids.New("brand");
        await PutBrandAsync(brandId, "Lumora");

        var first = await fixture.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created);
        var second = await fixture.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created);

        foreach (var minted in new[] { first, second })
        {
            Assert.False(string.IsNullOrEmpty(minted.GetProperty("apiKey").GetString()));
            Assert.Equal(brandId, minted.GetProperty("brandId").GetString());
            Assert.Equal(new[] { $"brand:{brandId}" }, minted.GetProperty("roles").EnumerateArray().Select(r => r.GetString() ?? "").ToArray());
            var view = await SendAsync(HttpMethod.Get, $"/v1/brands/{brandId}", null, minted.GetProperty("apiKey").GetString())
                .ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(brandId, view.GetProperty("brandId").GetString());
        }

        Assert.NotEqual(first.GetProperty("apiKey").GetString(), second.GetProperty("apiKey").GetString());
    }

    [Fact(DisplayName = "A valid key sent anywhere but X-Api-Key (Authorization: Bearer dev-admin, ?apiKey=) → 401")]
    public async Task KeyOnlyInTheApiKeyHeader()
    {
        var sellerId = Ids.New("seller");
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sellers/{sellerId}/risk"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dev-admin");
            await fixture.Anonymous.SendAsync(request).ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
        }

        await fixture.Anonymous.GetAsync($"/v1/sellers/{sellerId}/risk?apiKey=dev-admin").ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact(DisplayName = "A known key with the wrong case (DEV-ADMIN) is an unknown key → 401")]
    public async Task KeysAreCaseSensitive()
    {
        await SendAsync(HttpMethod.Get, $"/v1/sellers/{Ids.New("seller")}/risk", null, "DEV-ADMIN").ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
    }

    // ---- scene, calls and callers --------------------------------------------------------

    /// <summary>Two registered brands with a minted key each, a registered seller and one of its listings; all fresh.</summary>
    private sealed record Scene(string BrandId, string OtherBrandId, string OwnBrandKey, string OtherBrandKey, string SellerId, string ListingId, string BrandListingId);

    /// <summary>A request for a route, its success status for an allowed caller, and a check that a denied call changed nothing.</summary>
    private sealed record Call(HttpMethod Method, string Path, HttpContent? Content, HttpStatusCode Success, Func<Task> AssertNotApplied);

    private const string BrandName = "Lumora";

    private async Task<Scene> SceneAsync()
    {
        var brandId = Ids.New("brand");
        var otherBrandId = Ids.New("brand");
        await PutBrandAsync(brandId, BrandName);
        await PutBrandAsync(otherBrandId, "Veltra");
        var ownKey = await MintAsync(brandId);
        var otherKey = await MintAsync(otherBrandId);

        var sellerId = Ids.New("seller");
        await fixture.Ingest.PostAsync("/v1/sellers", Http.Json(new { eventId = Ids.New("ev"), sellerId, country = "US" })).ExpectAsync(HttpStatusCode.OK);
        var listingId = Ids.New("listing");
        await fixture.Ingest.PostAsync("/v1/listings", Http.Json(Listing(listingId, sellerId))).ExpectAsync(HttpStatusCode.OK);

        // The route's brand is trusted (takedowns allowed) and has a listing of its own to act on.
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(new
        {
            name = BrandName,
            trademarks = new[] { BrandName },
            protectedTerms = new[] { BrandName.ToLowerInvariant() },
            authorizedSellers = Array.Empty<string>(),
            selfServiceTakedown = true,
        })).ExpectAsync(HttpStatusCode.OK);
        var brandListingId = Ids.New("listing");
        var brandListing = new
        {
            eventId = Ids.New("ev"),
            listingId = brandListingId,
            sellerId,
            brandId,
            title = "Plain cotton t-shirt, navy",
            price = new { amount = 19.99m, currency = "USD" },
        };
        await fixture.Ingest.PostAsync("/v1/listings", Http.Json(brandListing)).ExpectAsync(HttpStatusCode.OK);
        return new Scene(brandId, otherBrandId, ownKey, otherKey, sellerId, listingId, brandListingId);
    }

    private Call CallFor(Endpoint endpoint, Scene s)
    {
        Func<Task> nothing = () => Task.CompletedTask;
        switch (endpoint)
        {
            case Endpoint.PostSellers:
            {
                var sellerId = Ids.New("seller");
                return new(HttpMethod.Post, "/v1/sellers", Http.Json(new { eventId = Ids.New("ev"), sellerId, country = "DE" }), HttpStatusCode.OK,
                    () => AssertSellerUnknownAsync(sellerId));
            }

            case Endpoint.PostVerifications:
            {
                var sellerId = Ids.New("seller");
                return new(HttpMethod.Post, "/v1/verifications", Http.Json(new { eventId = Ids.New("ev"), sellerId, check = "identity", outcome = "passed" }), HttpStatusCode.OK,
                    () => AssertSellerUnknownAsync(sellerId));
            }

            case Endpoint.PostListings:
            {
                var listingId = Ids.New("listing");
                return new(HttpMethod.Post, "/v1/listings", Http.Json(Listing(listingId, s.SellerId)), HttpStatusCode.OK,
                    () => AssertListingUnknownAsync(listingId));
            }

            case Endpoint.PostListingsBatch:
            {
                var listingId = Ids.New("listing");
                var line = JsonSerializer.Serialize(Listing(listingId, s.SellerId));
                return new(HttpMethod.Post, "/v1/listings/batch", Http.Raw(line + "\n", "application/x-ndjson"), HttpStatusCode.OK,
                    () => AssertListingUnknownAsync(listingId));
            }

            case Endpoint.PostReports:
                return new(HttpMethod.Post, "/v1/reports",
                    Http.Json(new { eventId = Ids.New("ev"), reporterId = Ids.New("buyer"), reporterKind = "buyer", sellerId = s.SellerId, reason = "counterfeit" }),
                    HttpStatusCode.OK,
                    async () =>
                    {
                        var risk = await fixture.Moderator.GetAsync($"/v1/sellers/{s.SellerId}/risk").ExpectAsync(HttpStatusCode.OK);
                        Assert.Equal(0, risk.GetProperty("counts").GetProperty("reports").GetInt32());
                    });

            case Endpoint.PutBrand:
                return new(HttpMethod.Put, $"/v1/brands/{s.BrandId}", Http.Json(BrandBody("Renamed")), HttpStatusCode.OK,
                    async () => Assert.Equal(BrandName, (await GetBrandAsync(s.BrandId)).GetProperty("name").GetString()));

            case Endpoint.GetBrand:
                return new(HttpMethod.Get, $"/v1/brands/{s.BrandId}", null, HttpStatusCode.OK, nothing);

            case Endpoint.PostBrandApiKeys:
                return new(HttpMethod.Post, $"/v1/brands/{s.BrandId}/api-keys", null, HttpStatusCode.Created, nothing);

            case Endpoint.PostBrandAuthorizedSellers:
            {
                var sellerId = Ids.New("seller");
                return new(HttpMethod.Post, $"/v1/brands/{s.BrandId}/authorized-sellers", Http.Json(new { add = new[] { sellerId } }), HttpStatusCode.OK,
                    async () =>
                    {
                        var brand = await GetBrandAsync(s.BrandId);
                        Assert.DoesNotContain(sellerId, brand.GetProperty("authorizedSellers").EnumerateArray().Select(e => e.GetString()));
                    });
            }

            case Endpoint.GetSellerRisk:
                return new(HttpMethod.Get, $"/v1/sellers/{s.SellerId}/risk", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetSellerCheckout:
                return new(HttpMethod.Get, $"/v1/sellers/{s.SellerId}/checkout?listingId={s.ListingId}&amount=19.99&currency=USD", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetPing:
                return new(HttpMethod.Get, "/v1/ping", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetListingRisk:
                return new(HttpMethod.Get, $"/v1/listings/{s.ListingId}/risk", null, HttpStatusCode.OK, nothing);

            case Endpoint.PostBrandNotices:
                return new(HttpMethod.Post, $"/v1/brands/{s.BrandId}/notices", Http.Json(new { eventId = Ids.New("ev"), listingIds = new[] { s.BrandListingId }, reason = "counterfeit" }),
                    HttpStatusCode.OK, () => AssertListingStatusAsync(s.BrandListingId, "active"));

            case Endpoint.PostBrandTakedowns:
                return new(HttpMethod.Post, $"/v1/brands/{s.BrandId}/takedowns", Http.Json(new { eventId = Ids.New("ev"), listingIds = new[] { s.BrandListingId }, reason = "counterfeit" }),
                    HttpStatusCode.OK, () => AssertListingStatusAsync(s.BrandListingId, "active"));

            case Endpoint.PostBrandCodes:
                return new(HttpMethod.Post, $"/v1/brands/{s.BrandId}/codes", Http.Json(new { count = 2 }), HttpStatusCode.Created, nothing);

            case Endpoint.PostScans:
                return new(HttpMethod.Post, "/v1/transparency/scans",
                    Http.Json(new { eventId = Ids.New("ev"), code = $"{s.BrandId}/0/{new string('0', 32)}", brandId = s.BrandId, listingId = s.ListingId }),
                    HttpStatusCode.OK, () => AssertListingStatusAsync(s.ListingId, "active"));

            case Endpoint.GetCases:
                return new(HttpMethod.Get, "/v1/cases?status=open&limit=5", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetOutcomes:
                return new(HttpMethod.Get, "/v1/outcomes?limit=1", null, HttpStatusCode.OK, nothing);

            case Endpoint.PostCaseClaim:
                return new(HttpMethod.Post, $"/v1/cases/{Ids.New("case")}/claim", null, HttpStatusCode.NotFound, nothing);

            case Endpoint.PostCaseResolve:
                return new(HttpMethod.Post, $"/v1/cases/{Ids.New("case")}/resolve", Http.Json(new { outcome = "dismissed", note = "n" }), HttpStatusCode.NotFound, nothing);

            case Endpoint.PostAppeals:
                return new(HttpMethod.Post, $"/v1/sellers/{s.SellerId}/appeals", Http.Json(new { eventId = Ids.New("ev"), statement = "I sell originals" }), HttpStatusCode.Conflict, nothing);

            case Endpoint.PutOverride:
                return new(HttpMethod.Put, $"/v1/sellers/{s.SellerId}/override",
                    Http.Json(new { decision = "suspend", reason = "matrix", expiresAt = DateTimeOffset.UtcNow.AddHours(1) }), HttpStatusCode.OK,
                    async () => Assert.NotEqual("suspend", (await fixture.Moderator.GetAsync($"/v1/sellers/{s.SellerId}/risk").ExpectAsync(HttpStatusCode.OK)).GetProperty("decision").GetString()));

            case Endpoint.DeleteOverride:
                return new(HttpMethod.Delete, $"/v1/sellers/{s.SellerId}/override", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetLinked:
                return new(HttpMethod.Get, $"/v1/sellers/{s.SellerId}/linked", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetDossier:
                return new(HttpMethod.Get, $"/v1/sellers/{s.SellerId}/dossier", null, HttpStatusCode.OK, nothing);

            case Endpoint.GetDashboardSummary:
                return new(HttpMethod.Get, "/v1/dashboard/summary", null, HttpStatusCode.OK, nothing);

            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null);
        }
    }

    private async Task AssertListingStatusAsync(string listingId, string status)
    {
        var risk = await fixture.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(status, risk.GetProperty("status").GetString());
    }

    [Fact(DisplayName = "The live feed: no key → 401, ingest key → 403, moderator → 200 text/event-stream")]
    public async Task FeedAuthorization()
    {
        foreach (var (key, status) in new (string?, HttpStatusCode)[] { (null, HttpStatusCode.Unauthorized), ("dev-ingest", HttpStatusCode.Forbidden), ("dev-checkout", HttpStatusCode.Forbidden), ("dev-moderator", HttpStatusCode.OK), ("dev-admin", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/feed");
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            // Straight to the api: a validating proxy waits for the end of a stream that does not end.
            using var direct = fixture.Server.Client();
            using var response = await direct.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(status, response.StatusCode);
            if (status == HttpStatusCode.OK)
            {
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact(DisplayName = "With IpGuard:OrleansDashboard=true the Orleans dashboard at /orleans is for admins only: 401 without a key, 403 for a moderator, 200 for admin (header or the dashboard's cookie)")]
    public async Task OrleansDashboardIsAdminOnly()
    {
        await using var server = await ApiServer.StartAsync(settings: new Dictionary<string, string?> { ["IpGuard:OrleansDashboard"] = "true" });
        using var anonymous = server.Client();
        await Send(anonymous, null).ExpectContractProblemAsync(HttpStatusCode.Unauthorized);
        await Send(anonymous, "dev-moderator").ExpectContractProblemAsync(HttpStatusCode.Forbidden);
        using (var admin = await Send(anonymous, "dev-admin"))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        using var viaCookie = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        viaCookie.Headers.Add("Cookie", "ipguard-key=dev-admin");
        using var cookieResponse = await anonymous.SendAsync(viaCookie);
        Assert.Equal(HttpStatusCode.OK, cookieResponse.StatusCode);

        // The cookie counts only under /orleans.
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/v1/dashboard/summary");
        elsewhere.Headers.Add("Cookie", "ipguard-key=dev-admin");
        using var elsewhereResponse = await anonymous.SendAsync(elsewhere);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhereResponse.StatusCode);

        static Task<HttpResponseMessage> Send(HttpClient client, string? key)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            return client.SendAsync(request);
        }
    }

    [Fact(DisplayName = "The Orleans dashboard is off by default: /orleans is 404 even for admin, and the api still answers")]
    public async Task OrleansDashboardIsOffByDefault()
    {
        // Straight to the api: the Orleans dashboard is not part of the OpenAPI document.
        using (var dashboard = await SendDirectAsync(HttpMethod.Get, "/orleans/", "dev-admin"))
        {
            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        }

        using var ping = await fixture.Admin.GetAsync("/v1/ping");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
    }

    private static string? KeyFor(Caller caller, Scene s) => caller switch
    {
        Caller.NoKey => null,
        Caller.UnknownKey => "ipg_" + Guid.NewGuid().ToString("N"),
        Caller.Ingest => "dev-ingest",
        Caller.Checkout => "dev-checkout",
        Caller.Moderator => "dev-moderator",
        Caller.Admin => "dev-admin",
        Caller.OwnBrand => s.OwnBrandKey,
        Caller.OtherBrand => s.OtherBrandKey,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? apiKey)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return fixture.Anonymous.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendDirectAsync(HttpMethod method, string path, string? apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        // The answer is read whole before the client goes.
        using var direct = fixture.Server.Client();
        return await direct.SendAsync(request);
    }

    private static object Listing(string listingId, string sellerId) => new
    {
        eventId = Ids.New("ev"),
        listingId,
        sellerId,
        title = "Plain cotton t-shirt, navy",
        price = new { amount = 19.99m, currency = "USD" },
        quantity = 3,
    };

    private static object BrandBody(string name) => new
    {
        name,
        trademarks = new[] { name },
        protectedTerms = new[] { name.ToLowerInvariant() },
        authorizedSellers = Array.Empty<string>(),
    };

    private async Task PutBrandAsync(string brandId, string name) =>
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(BrandBody(name))).ExpectAsync(HttpStatusCode.OK);

    private async Task<string> MintAsync(string brandId)
    {
        var minted = await fixture.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created);
        return minted.GetProperty("apiKey").GetString()!;
    }

    private Task<JsonElement> GetBrandAsync(string brandId) =>
        fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);

    private async Task AssertSellerUnknownAsync(string sellerId) =>
        await fixture.Moderator.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectContractProblemAsync(HttpStatusCode.NotFound);

    private async Task AssertListingUnknownAsync(string listingId) =>
        await fixture.Moderator.GetAsync($"/v1/listings/{listingId}/risk").ExpectContractProblemAsync(HttpStatusCode.NotFound);
}

/// <summary>The contract's problem+json: the infrastructure's checks plus a non-empty <c>detail</c>.</summary>
internal static class ContractProblems
{
    public static async Task<JsonElement> ExpectContractProblemAsync(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var problem = await call.ExpectProblemAsync(status);
        Assert.True(
            problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Length > 0,
            $"a problem carries type, title, status and detail: {problem}");
        return problem;
    }
}
