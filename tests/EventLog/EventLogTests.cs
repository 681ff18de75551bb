using System.Net;
using System.Text.Json;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.EventLog;

/// <summary>GET /v1/events over a real redis-server: content, paging, scoping, retention, bad input.</summary>
public sealed class EventLogTests(EventsFixture fixture) : IClassFixture<EventsFixture>
{
    [Fact(DisplayName = "Events: a gated listing's review case is logged as case.opened under the case's first id, and the case's claim and resolution keep its numbering")]
    public async Task ListingReviewCaseKeepsItsNumbering()
    {
        using var admin = fixture.Api.Client("dev-admin");
        using var moderator = fixture.Api.Client("dev-moderator");
        using var reader = fixture.Api.Client("dev-events");
        var (brandId, listingId) = (Ids.New("brand"), Ids.New("listing"));
        await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Quellbrook", restricted: true))).ExpectAsync(HttpStatusCode.OK);
        var listed = await admin.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, Ids.New("seller"), "Quellbrook leather wallet", 380m, brandId)))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("flagged", listed.GetProperty("status").GetString());

        var opened = Assert.Single(await EventSteps.ReadAllAsync(reader, "&types=case.opened"),
            e => e.GetProperty("data").GetProperty("listingId").GetString() == listingId);
        var caseId = opened.GetProperty("data").GetProperty("caseId").GetString()!;
        Assert.Equal($"case:{caseId}:1", opened.GetProperty("id").GetString());
        Assert.Equal("open", opened.GetProperty("data").GetProperty("status").GetString());

        var claimed = await moderator.PostAsync($"/v1/cases/{caseId}/claim", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(opened.GetProperty("data").GetProperty("reason").GetString(), claimed.GetProperty("reason").GetString());
        await moderator.PostAsync($"/v1/cases/{caseId}/resolve", Json(new { outcome = "dismissed", note = "authorized reseller" })).ExpectAsync(HttpStatusCode.OK);

        var caseEvents = (await EventSteps.ReadAllAsync(reader, "&types=case.opened,case.resolved"))
            .Where(e => e.GetProperty("data").GetProperty("caseId").GetString() == caseId).ToList();
        Assert.Equal([($"case:{caseId}:1", "case.opened"), ($"case:{caseId}:2", "case.resolved")],
            caseEvents.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("type").GetString())));
    }

    [Fact(DisplayName = "Events: a seller's review case is logged as case.opened under the case's first id with the seller's write; claimed and confirmed, it keeps its numbering and reaches the seller's timeline")]
    public async Task SellerReviewCaseKeepsItsNumbering()
    {
        using var admin = fixture.Api.Client("dev-admin");
        using var moderator = fixture.Api.Client("dev-moderator");
        using var reader = fixture.Api.Client("dev-events");
        var brandId = await Flow.PutBrandAsync(admin, restricted: true);
        var sellerId = Ids.New("seller");
        await Flow.ListAsync(admin, Ids.New("listing"), sellerId, brandId, title: "Handbag replica mirror quality", amount: 40m);
        Assert.Equal("review", (await Flow.SellerRiskAsync(moderator, sellerId)).GetProperty("decision").GetString());

        var opened = Assert.Single(await EventSteps.ReadAllAsync(reader, "&types=case.opened"),
            e => e.GetProperty("data").GetProperty("subjectId").GetString() == sellerId);
        Assert.Equal("seller_review", opened.GetProperty("data").GetProperty("kind").GetString());
        var caseId = opened.GetProperty("data").GetProperty("caseId").GetString()!;
        Assert.Equal($"case:{caseId}:1", opened.GetProperty("id").GetString());
        Assert.Equal(caseId, Assert.Single(await Flow.CasesForAsync(moderator, sellerId, "open")).GetProperty("caseId").GetString());

        await moderator.PostAsync($"/v1/cases/{caseId}/claim", null).ExpectAsync(HttpStatusCode.OK);
        await Flow.ResolveAsync(moderator, caseId, "confirmed").ExpectAsync(HttpStatusCode.OK);

        var caseEvents = (await EventSteps.ReadAllAsync(reader, "&types=case.opened,case.resolved"))
            .Where(e => e.GetProperty("data").GetProperty("caseId").GetString() == caseId).ToList();
        Assert.Equal([($"case:{caseId}:1", "case.opened"), ($"case:{caseId}:2", "case.resolved")],
            caseEvents.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("type").GetString())));
        var timeline = (await Flow.DossierAsync(moderator, sellerId)).GetProperty("timeline").EnumerateArray();
        Assert.Contains(timeline, t => t.GetProperty("kind").GetString() == "case_confirmed" && t.GetProperty("reason").GetString()!.Contains(caseId, StringComparison.Ordinal));
    }

    [Fact(DisplayName = "Events: a removal is in the log as listing.status_changed and seller.decision_changed envelopes, with stable ids across reads and pages")]
    public async Task RemovalIsLogged()
    {
        using var admin = fixture.Api.Client("dev-admin");
        using var reader = fixture.Api.Client("dev-events");
        var (brandId, listingId, sellerId) = (Ids.New("brand"), Ids.New("listing"), Ids.New("seller"));
        await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Corvane"))).ExpectAsync(HttpStatusCode.OK);
        await admin.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, "Corvane bag replica 1:1", 50m, brandId))).ExpectAsync(HttpStatusCode.OK);

        var all = await EventSteps.ReadAllAsync(reader);
        var listing = Assert.Single(all, e => e.GetProperty("id").GetString() == $"listing:{listingId}:1");
        Assert.Equal("listing.status_changed", listing.GetProperty("type").GetString());
        Assert.True(listing.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var data = listing.GetProperty("data");
        Assert.Equal(listingId, data.GetProperty("listingId").GetString());
        Assert.Equal(sellerId, data.GetProperty("sellerId").GetString());
        Assert.Equal(brandId, data.GetProperty("brandId").GetString());
        Assert.Equal("removed", data.GetProperty("status").GetString());
        Assert.Equal("proactive", data.GetProperty("removal").GetProperty("by").GetString());

        var seller = Assert.Single(all, e => e.GetProperty("id").GetString() == $"seller:{sellerId}:1");
        Assert.Equal("seller.decision_changed", seller.GetProperty("type").GetString());
        Assert.Equal("review", seller.GetProperty("data").GetProperty("decision").GetString());
        Assert.Contains("removed_listings", seller.GetProperty("data").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(seller.GetProperty("data").GetProperty("policyVersion").GetString()));

        // One at a time gives the same events in the same order, each once.
        var paged = await EventSteps.ReadAllAsync(reader, limit: 1);
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()).Take(paged.Count), paged.Select(e => e.GetProperty("id").GetString()).Take(all.Count));
        Assert.Equal(paged.Count, paged.Select(e => e.GetProperty("id").GetString()).Distinct().Count());

        // A type filter keeps only that type.
        var cases = await EventSteps.ReadAllAsync(reader, "&types=case.opened");
        Assert.All(cases, e => Assert.Equal("case.opened", e.GetProperty("type").GetString()));
        Assert.Contains(cases, e => e.GetProperty("data").GetProperty("sellerId").GetString() == sellerId);
    }

    [Fact(DisplayName = "Events: a brand key sees only listing.status_changed of its own brand's listings")]
    public async Task BrandKeySeesItsListingsOnly()
    {
        using var admin = fixture.Api.Client("dev-admin");
        var (own, other) = (Ids.New("brand"), Ids.New("brand"));
        var (ownListing, otherListing) = (Ids.New("listing"), Ids.New("listing"));
        await admin.PutAsync($"/v1/brands/{own}", Json(Bodies.Brand("Ostrel"))).ExpectAsync(HttpStatusCode.OK);
        await admin.PutAsync($"/v1/brands/{other}", Json(Bodies.Brand("Pellwick"))).ExpectAsync(HttpStatusCode.OK);
        var key = (await admin.PostAsync($"/v1/brands/{own}/api-keys", null).ExpectAsync(HttpStatusCode.Created)).GetProperty("apiKey").GetString();
        await admin.PostAsync("/v1/listings", Json(Bodies.Listing(ownListing, Ids.New("seller"), "Ostrel bag replica", 40m, own))).ExpectAsync(HttpStatusCode.OK);
        await admin.PostAsync("/v1/listings", Json(Bodies.Listing(otherListing, Ids.New("seller"), "Pellwick bag replica", 40m, other))).ExpectAsync(HttpStatusCode.OK);

        using var brand = fixture.Api.Client(key);
        var seen = await EventSteps.ReadAllAsync(brand);
        Assert.All(seen, e =>
        {
            Assert.Equal("listing.status_changed", e.GetProperty("type").GetString());
            Assert.Equal(own, e.GetProperty("data").GetProperty("brandId").GetString());
        });
        Assert.Contains(seen, e => e.GetProperty("data").GetProperty("listingId").GetString() == ownListing);

        using var events = fixture.Api.Client("dev-events");
        Assert.Contains(await EventSteps.ReadAllAsync(events, "&types=listing.status_changed"), e => e.GetProperty("data").GetProperty("listingId").GetString() == otherListing);
    }

    [Fact(DisplayName = "Events: a cursor from before events that retention dropped answers 410 problem+json")]
    public async Task CursorPastRetentionIsGone()
    {
        await using var api = await ApiServer.StartAsync(fixture.Redis.ConnectionString, settings: new Dictionary<string, string?> { ["IpGuard:Events:Retention"] = "00:00:01" });
        using var admin = api.Client("dev-admin");
        using var moderator = api.Client("dev-moderator");
        var start = (await admin.GetAsync("/v1/events").ExpectAsync(HttpStatusCode.OK)).GetProperty("next").GetString()!;
        var sellerId = Ids.New("seller");
        await EventSteps.NewSellerAsync(admin, sellerId);

        // Each flip appends to the seller's partition and trims what is older than a second.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await EventSteps.FlipDecisionAsync(moderator, sellerId, 1);
            using var response = await admin.GetAsync($"/v1/events?after={Uri.EscapeDataString(start)}");
            status = response.StatusCode;
            if (status == HttpStatusCode.Gone)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            else
            {
                await Task.Delay(200);
            }
        }
        while (status != HttpStatusCode.Gone && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Gone, status);

        // From the oldest kept still works, and its cursor is good.
        var fresh = await admin.GetAsync("/v1/events").ExpectAsync(HttpStatusCode.OK);
        await admin.GetAsync($"/v1/events?after={Uri.EscapeDataString(fresh.GetProperty("next").GetString()!)}").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact(DisplayName = "Events without Redis: the in-memory log (partition grains) serves the same events and cursors")]
    public async Task MemoryLog()
    {
        await using var api = await ApiServer.StartAsync();
        using var admin = api.Client("dev-admin");
        var (brandId, listingId) = (Ids.New("brand"), Ids.New("listing"));
        await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Merrow"))).ExpectAsync(HttpStatusCode.OK);
        var start = (await admin.GetAsync("/v1/events").ExpectAsync(HttpStatusCode.OK)).GetProperty("next").GetString()!;
        await admin.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, Ids.New("seller"), "Merrow bag replica 1:1", 50m, brandId))).ExpectAsync(HttpStatusCode.OK);

        var page = await admin.GetAsync($"/v1/events?after={Uri.EscapeDataString(start)}&types=listing.status_changed").ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal($"listing:{listingId}:1", item.GetProperty("id").GetString());
        var after = page.GetProperty("next").GetString()!;
        Assert.Empty((await admin.GetAsync($"/v1/events?after={Uri.EscapeDataString(after)}").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Theory(DisplayName = "Events: bad queries answer 400 problem+json")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("types=listing.created")]
    [InlineData("types=,")]
    [InlineData("after=not-a-cursor")]
    [InlineData("after=AQI")]
    public async Task BadQueries(string query)
    {
        using var reader = fixture.Api.Client("dev-events");
        await reader.GetAsync($"/v1/events?{query}").ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact(DisplayName = "Events: keys without the events role answer 403, no key 401")]
    public async Task EventsNeedTheRole()
    {
        using var ingest = fixture.Api.Client("dev-ingest");
        using var moderator = fixture.Api.Client("dev-moderator");
        using var none = fixture.Api.Client();
        await ingest.GetAsync("/v1/events").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await moderator.GetAsync("/v1/events").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await none.GetAsync("/v1/events").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
