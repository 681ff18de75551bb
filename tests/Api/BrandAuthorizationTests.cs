using System.Net;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Api;

/// <summary>A brand key acts on its own brand only; minting brand keys stays with admins.</summary>
[Collection(ApiCollection.Name)]
public sealed class BrandAuthorizationTests(ApiFixture api)
{
    [Fact(DisplayName = "A brand key on another brand's id gets 403 on every brand route, and changes nothing there")]
    public async Task BrandKeyOnAnotherBrandIsForbidden()
    {
        var own = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var other = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, other);
        using var key = await BrandKeyAsync(own);

        await key.GetAsync($"/v1/brands/{other}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await key.PostAsync($"/v1/brands/{other}/authorized-sellers", Json(new { add = new[] { sellerId } })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await Flow.NoticeAsync(key, other, [listingId]).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await Flow.TakedownAsync(key, other, [listingId]).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await key.PostAsync($"/v1/brands/{other}/codes", Json(new { count = 3 })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await key.PostAsync($"/v1/brands/{other}/api-keys", null).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await key.PutAsync($"/v1/brands/{other}", Json(Bodies.Brand("Hijack"))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var untouched = await Flow.BrandAsync(api.Admin, other);
        Assert.Empty(untouched.GetProperty("authorizedSellers").EnumerateArray());
        Assert.Equal(0, untouched.GetProperty("stats").GetProperty("noticesFiled").GetInt32());
        Assert.Equal(0, untouched.GetProperty("stats").GetProperty("listingsRemoved").GetInt32());
        Assert.Equal("active", (await Flow.ListingRiskAsync(api.Moderator, listingId)).GetProperty("status").GetString());
    }

    [Fact(DisplayName = "A brand key on its own brand: read, authorized sellers, notices and codes work; api-keys is admin-only (403)")]
    public async Task BrandKeyOnOwnBrand()
    {
        var own = await Flow.PutBrandAsync(api.Admin);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, own);
        using var key = await BrandKeyAsync(own);

        var view = await key.GetAsync($"/v1/brands/{own}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(own, view.GetProperty("brandId").GetString());
        var authorized = await key.PostAsync($"/v1/brands/{own}/authorized-sellers", Json(new { add = new[] { sellerId } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(sellerId, authorized.GetProperty("authorizedSellers").EnumerateArray().Select(s => s.GetString()));

        var notice = await Flow.NoticeAsync(key, own, [listingId]).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("flagged", Flow.Outcomes(notice)[listingId]);
        var codes = await Flow.MintAsync(key, own, 2);
        Assert.Equal(2, codes.Distinct(StringComparer.Ordinal).Count());

        var takedown = await Flow.TakedownAsync(key, own, [listingId]).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.EndsWith("self-service-not-eligible", takedown.GetProperty("type").GetString());
        await key.PostAsync($"/v1/brands/{own}/api-keys", null).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await key.PutAsync($"/v1/brands/{own}", Json(Bodies.Brand("Selfpromoted"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await key.GetAsync("/v1/cases").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> BrandKeyAsync(string brandId)
    {
        var minted = await api.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created);
        return api.Server.Client(minted.GetProperty("apiKey").GetString()!);
    }
}
