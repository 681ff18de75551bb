using System.Net;
using System.Text.Json;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Api;

/// <summary>A brand's official photos (<c>officialImageHashes</c>) through PUT and GET /v1/brands/{brandId}.</summary>
[Collection(ApiCollection.Name)]
public sealed class BrandImagesApiTests(ApiFixture fixture)
{
    [Fact(DisplayName = "PUT /v1/brands/{id} with officialImageHashes: the brand view shows them (each once), GET too, and a PUT without them clears them")]
    public async Task OfficialImagesRoundTrip()
    {
        var brandId = Ids.New("brand");
        var hashes = new[] { "sha256:9f86d081884c7d65", "img-lumora-front", "sha256:9f86d081884c7d65", new string('h', 256) };

        var put = await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(Brand(hashes))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["sha256:9f86d081884c7d65", "img-lumora-front", new string('h', 256)], Hashes(put));

        var read = await fixture.Moderator.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Hashes(put), Hashes(read));

        var cleared = await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(Bodies.Brand("Lumora"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(Hashes(cleared));
        Assert.Empty(Hashes(await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK)));
    }

    [Fact(DisplayName = "PUT /v1/brands/{id} accepts 100 officialImageHashes; 101 or an empty one → 400 and the brand keeps the photos it had")]
    public async Task OfficialImagesAreBounded()
    {
        var brandId = Ids.New("brand");
        var hundred = Enumerable.Range(0, 100).Select(i => $"img-{i}").ToArray();
        await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(Brand(hundred))).ExpectAsync(HttpStatusCode.OK);

        var tooMany = await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(Brand([.. hundred, "img-100"]))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("officialImageHashes", out _), tooMany.ToString());
        var empty = await fixture.Admin.PutAsync($"/v1/brands/{brandId}", Http.Json(Brand(["img-new", ""]))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("officialImageHashes[1]", out _), empty.ToString());

        var after = await fixture.Admin.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(hundred, Hashes(after));
    }

    private static object Brand(string[] officialImageHashes) => new
    {
        name = "Lumora",
        trademarks = new[] { "Lumora" },
        protectedTerms = new[] { "Lumora Luxe" },
        authorizedSellers = Array.Empty<string>(),
        officialImageHashes,
    };

    private static string[] Hashes(JsonElement view) =>
        [.. view.GetProperty("officialImageHashes").EnumerateArray().Select(h => h.GetString()!)];
}
