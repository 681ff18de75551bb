using System.Net;
using System.Text.Json;
using IpGuard.Api.Hosting;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Api;

/// <summary>
/// The enforcement workflows over HTTP: notices, takedowns, Transparency, review cases,
/// appeals, overrides, linked accounts, reporter credibility and the dossier.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class WorkflowTests(ContractApiFixture api)
{
    // ---------------------------------------------------------------- 1. Notices

    [Fact(DisplayName = "Notice from an unproven brand flags the listing and opens a listing_review case in the open queue")]
    public async Task UnprovenBrandNoticeFlagsAndOpensCase()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        var listed = await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);
        Assert.Equal("active", listed.GetProperty("status").GetString());

        var answer = await Flow.NoticeAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("flagged", Flow.Outcomes(answer)[listingId]);
        var listing = await Flow.ListingRiskAsync(api.Moderator, listingId);
        Assert.Equal("flagged", listing.GetProperty("status").GetString());
        Assert.NotNull(Flow.Points(listing, "brand_notices"));

        var open = Assert.Single(await Flow.CasesForAsync(api.Moderator, listingId, "open"));
        Assert.Equal("listing_review", open.GetProperty("kind").GetString());
        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.StartsWith("brand_notice", open.GetProperty("reason").GetString());

        var brand = await Flow.BrandAsync(api.Admin, brandId);
        Assert.Equal(1, brand.GetProperty("stats").GetProperty("noticesFiled").GetInt32());
        Assert.Equal(0, brand.GetProperty("stats").GetProperty("noticesAccepted").GetInt32());
        Assert.False(brand.GetProperty("selfServiceEligible").GetBoolean());
    }

    [Fact(DisplayName = "Notice outcomes: another brand's listing is other_brand, an unknown one not_found; a repeat is duplicate, another body 409")]
    public async Task NoticeOutcomesAndIdempotency()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var otherBrandId = await Flow.PutBrandAsync(api.Admin);
        var sellerId = Ids.New("seller");
        var own = Ids.New("listing");
        var foreign = Ids.New("listing");
        var unknown = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, own, sellerId, brandId);
        await Flow.ListAsync(api.Ingest, foreign, sellerId, otherBrandId);

        var eventId = Ids.New("ev");
        var first = await Flow.NoticeAsync(api.Admin, brandId, [own, foreign, unknown], eventId).ExpectAsync(HttpStatusCode.OK);
        var outcomes = Flow.Outcomes(first);
        Assert.Equal("flagged", outcomes[own]);
        Assert.Equal("other_brand", outcomes[foreign]);
        Assert.Equal("not_found", outcomes[unknown]);
        Assert.False(first.GetProperty("duplicate").GetBoolean());

        var repeat = await Flow.NoticeAsync(api.Admin, brandId, [own, foreign, unknown], eventId).ExpectAsync(HttpStatusCode.OK);
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        Assert.Equal(outcomes, Flow.Outcomes(repeat));

        var conflict = await Flow.NoticeAsync(api.Admin, brandId, [own], eventId, reason: "a different reason").ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("eventId", conflict.GetProperty("detail").GetString());

        Assert.Equal("active", (await Flow.ListingRiskAsync(api.Moderator, foreign)).GetProperty("status").GetString());
        var brand = await Flow.BrandAsync(api.Admin, brandId);
        Assert.Equal(1, brand.GetProperty("stats").GetProperty("noticesFiled").GetInt32());
    }

    [Fact(DisplayName = "Notices count toward the seller's risk: the seller gains a brand_notices factor and a higher score")]
    public async Task NoticesCountTowardSellerRisk()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);
        var before = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.Null(Flow.Points(before, "brand_notices"));

        await Flow.NoticeAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);

        var after = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.True(Flow.Points(after, "brand_notices") > 0, after.ToString());
        Assert.True(after.GetProperty("score").GetInt32() > before.GetProperty("score").GetInt32());
        Flow.AssertExplained(after);
    }

    [Fact(DisplayName = "A trusted brand's notice (selfServiceTakedown) removes the listing at once, removal.by brand")]
    public async Task TrustedBrandNoticeRemoves()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);

        var answer = await Flow.NoticeAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("removed", Flow.Outcomes(answer)[listingId]);
        var listing = await Flow.ListingRiskAsync(api.Moderator, listingId);
        Assert.Equal("removed", listing.GetProperty("status").GetString());
        Assert.Equal("brand", listing.GetProperty("removal").GetProperty("by").GetString());
        var checkout = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout?listingId={listingId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("block", checkout.GetProperty("outcome").GetString());
        var stats = (await Flow.BrandAsync(api.Admin, brandId)).GetProperty("stats");
        Assert.Equal(1, stats.GetProperty("listingsRemoved").GetInt32());
        Assert.Equal(1, stats.GetProperty("infringingSellers").GetInt32());
    }

    [Fact(DisplayName = "Track record (TrustedMinDecidedNotices=2): after 2 confirmed notices the brand becomes eligible and its takedown succeeds")]
    public async Task TrackRecordMakesBrandEligible()
    {
        await using var server = await ApiServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["IpGuard:Policy:Enforcement:TrustedMinDecidedNotices"] = "2",
        });
        using var admin = server.Client("dev-admin");
        using var ingest = server.Client("dev-ingest");
        using var moderator = server.Client("dev-moderator");

        var brandId = await Flow.PutBrandAsync(admin);
        // One seller a listing: a confirmed infringement restricts its seller, which would take
        // that seller's next flagged listing off sale rather than leave it for review.
        var listings = new[] { Ids.New("listing"), Ids.New("listing"), Ids.New("listing") };
        foreach (var listingId in listings)
        {
            await Flow.ListAsync(ingest, listingId, Ids.New("seller"), brandId);
        }

        var refused = await Flow.TakedownAsync(admin, brandId, [listings[2]]).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.EndsWith("self-service-not-eligible", refused.GetProperty("type").GetString());

        for (var i = 0; i < 2; i++)
        {
            var notice = await Flow.NoticeAsync(admin, brandId, [listings[i]]).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("flagged", Flow.Outcomes(notice)[listings[i]]);
            var @case = Assert.Single(await Flow.CasesForAsync(moderator, listings[i], "open"));
            await Flow.ResolveAsync(moderator, @case.GetProperty("caseId").GetString()!, "confirmed").ExpectAsync(HttpStatusCode.OK);

            var brand = await Flow.BrandAsync(admin, brandId);
            Assert.Equal(i + 1, brand.GetProperty("stats").GetProperty("noticesAccepted").GetInt32());
            Assert.Equal(i + 1, brand.GetProperty("noticesDecided").GetInt32());
            Assert.Equal(i == 1, brand.GetProperty("selfServiceEligible").GetBoolean());
        }

        var takedown = await Flow.TakedownAsync(admin, brandId, [listings[2]]).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("removed", Flow.Outcomes(takedown)[listings[2]]);
        var removed = await Flow.ListingRiskAsync(moderator, listings[2]);
        Assert.Equal("removed", removed.GetProperty("status").GetString());
        Assert.Equal("brand", removed.GetProperty("removal").GetProperty("by").GetString());
    }

    // ---------------------------------------------------------------- 2. Takedowns

    [Fact(DisplayName = "Takedown by an ineligible brand is 403 self-service-not-eligible and leaves the listing untouched")]
    public async Task IneligibleTakedownIsForbidden()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);

        var problem = await Flow.TakedownAsync(api.Admin, brandId, [listingId]).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.EndsWith("self-service-not-eligible", problem.GetProperty("type").GetString());
        Assert.Equal("active", (await Flow.ListingRiskAsync(api.Moderator, listingId)).GetProperty("status").GetString());
        Assert.Equal(0, (await Flow.BrandAsync(api.Admin, brandId)).GetProperty("stats").GetProperty("noticesFiled").GetInt32());
    }

    [Fact(DisplayName = "Takedown by a trusted brand removes at once; the seller's granted appeal restores the listing and counts decided-not-accepted")]
    public async Task TakedownAppealGrantedRestoresListing()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);

        var takedown = await Flow.TakedownAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("removed", Flow.Outcomes(takedown)[listingId]);
        var removed = await Flow.ListingRiskAsync(api.Moderator, listingId);
        Assert.Equal("removed", removed.GetProperty("status").GetString());
        Assert.Equal("brand", removed.GetProperty("removal").GetProperty("by").GetString());
        var before = await Flow.BrandAsync(api.Admin, brandId);

        var appeal = await Flow.AppealAsync(api.Ingest, sellerId, listingId).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("appeal", appeal.GetProperty("kind").GetString());
        Assert.Equal(listingId, appeal.GetProperty("subjectId").GetString());
        Assert.Equal("open", appeal.GetProperty("status").GetString());

        var resolved = await Flow.ResolveAsync(api.Moderator, appeal.GetProperty("caseId").GetString()!, "dismissed").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());

        var restored = await Flow.ListingRiskAsync(api.Moderator, listingId);
        Assert.Equal("active", restored.GetProperty("status").GetString());
        Assert.True(Flow.IsAbsent(restored, "removal"), restored.ToString());
        var after = await Flow.BrandAsync(api.Admin, brandId);
        Assert.Equal(before.GetProperty("noticesDecided").GetInt32() + 1, after.GetProperty("noticesDecided").GetInt32());
        Assert.Equal(before.GetProperty("stats").GetProperty("noticesAccepted").GetInt32(), after.GetProperty("stats").GetProperty("noticesAccepted").GetInt32());
        var checkout = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout?listingId={listingId}").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("listing_removed", checkout.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    // ---------------------------------------------------------------- 3. Transparency

    [Fact(DisplayName = "Transparency: minted codes are distinct; authentic, a forged MAC is unknown, another brand's code is wrong_brand")]
    public async Task TransparencyMintAndVerify()
    {
        var brandA = await Flow.PutBrandAsync(api.Admin);
        var brandB = await Flow.PutBrandAsync(api.Admin);
        var codes = await Flow.MintAsync(api.Admin, brandA, 3);
        Assert.Equal(3, codes.Length);
        Assert.Equal(3, codes.Distinct(StringComparer.Ordinal).Count());

        Assert.Equal("authentic", await Flow.ScanAsync(api.Ingest, codes[0], brandA));

        var forged = Flow.Forge(codes[1]);
        Assert.NotEqual(codes[1], forged);
        Assert.Equal("unknown", await Flow.ScanAsync(api.Ingest, forged, brandA));
        Assert.Equal("unknown", await Flow.ScanAsync(api.Ingest, $"{brandA}/999999/{new string('0', 32)}", brandA));

        Assert.Equal("wrong_brand", await Flow.ScanAsync(api.Ingest, codes[2], brandB));
    }

    [Fact(DisplayName = "Transparency: a code scanned for a second seller is cloned, and stays cloned")]
    public async Task TransparencyClonedAcrossSellers()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var code = (await Flow.MintAsync(api.Admin, brandId, 1))[0];
        var first = Ids.New("seller");
        var second = Ids.New("seller");

        Assert.Equal("authentic", await Flow.ScanAsync(api.Ingest, code, brandId, sellerId: first));
        Assert.Equal("authentic", await Flow.ScanAsync(api.Ingest, code, brandId, sellerId: first));
        Assert.Equal("cloned", await Flow.ScanAsync(api.Ingest, code, brandId, sellerId: second));
        Assert.Equal("cloned", await Flow.ScanAsync(api.Ingest, code, brandId, sellerId: first));
    }

    [Fact(DisplayName = "Transparency: a code scanned more than 10 times is cloned from the 11th scan on")]
    public async Task TransparencyClonedAfterTooManyScans()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var code = (await Flow.MintAsync(api.Admin, brandId, 1))[0];

        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal("authentic", await Flow.ScanAsync(api.Ingest, code, brandId));
        }

        Assert.Equal("cloned", await Flow.ScanAsync(api.Ingest, code, brandId));
        Assert.Equal("cloned", await Flow.ScanAsync(api.Ingest, code, brandId));
    }

    [Fact(DisplayName = "Transparency: unknown, cloned and wrong_brand scans raise the listing's risk (transparency_failures) and its seller's score")]
    public async Task TransparencyFailuresCountAgainstListingAndSeller()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var otherBrand = await Flow.PutBrandAsync(api.Admin);
        var code = (await Flow.MintAsync(api.Admin, brandId, 1))[0];
        var honestSeller = Ids.New("seller");
        var honest = Ids.New("listing");
        var sellerId = Ids.New("seller");
        var forgedOn = Ids.New("listing");
        var clonedOn = Ids.New("listing");
        var wrongOn = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, honest, honestSeller, brandId);
        foreach (var listingId in new[] { forgedOn, clonedOn, wrongOn })
        {
            await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);
        }

        var sellerBefore = (await Flow.SellerRiskAsync(api.Moderator, sellerId)).GetProperty("score").GetInt32();

        Assert.Equal("unknown", await Flow.ScanAsync(api.Ingest, Flow.Forge(code), brandId, listingId: forgedOn));
        var forged = await Flow.ListingRiskAsync(api.Moderator, forgedOn);
        Assert.True(Flow.Points(forged, "transparency_failures") > 0, forged.ToString());
        var sellerAfterUnknown = (await Flow.SellerRiskAsync(api.Moderator, sellerId)).GetProperty("score").GetInt32();
        Assert.True(sellerAfterUnknown > sellerBefore, $"seller score {sellerBefore} -> {sellerAfterUnknown}");

        Assert.Equal("authentic", await Flow.ScanAsync(api.Ingest, code, brandId, listingId: honest));
        Assert.Null(Flow.Points(await Flow.ListingRiskAsync(api.Moderator, honest), "transparency_failures"));
        Assert.Equal("cloned", await Flow.ScanAsync(api.Ingest, code, brandId, listingId: clonedOn));
        Assert.True(Flow.Points(await Flow.ListingRiskAsync(api.Moderator, clonedOn), "transparency_failures") > 0);

        Assert.Equal("wrong_brand", await Flow.ScanAsync(api.Ingest, (await Flow.MintAsync(api.Admin, otherBrand, 1))[0], brandId, listingId: wrongOn));
        Assert.True(Flow.Points(await Flow.ListingRiskAsync(api.Moderator, wrongOn), "transparency_failures") > 0);

        var sellerAfter = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.True(sellerAfter.GetProperty("score").GetInt32() >= sellerAfterUnknown);
        Flow.AssertExplained(sellerAfter);

        // Without a listing, a failed scan counts against the seller named.
        var bare = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, bare);
        Assert.Equal("unknown", await Flow.ScanAsync(api.Ingest, Flow.Forge(code), brandId, sellerId: bare));
        Assert.True(Flow.Points(await Flow.SellerRiskAsync(api.Moderator, bare), "transparency_failures") > 0);
        var scans = (await Flow.DossierAsync(api.Moderator, bare)).GetProperty("scans").EnumerateArray().ToList();
        var scan = Assert.Single(scans);
        Assert.Equal(JsonValueKind.Null, scan.GetProperty("listingId").ValueKind);
        Assert.Equal("unknown", scan.GetProperty("scan").GetProperty("result").GetString());
        Assert.Equal(Flow.Forge(code), scan.GetProperty("scan").GetProperty("code").GetString());
    }

    // ---------------------------------------------------------------- 4. Cases

    [Fact(DisplayName = "Cases: alice claims (200), bob's claim and resolve are 409; alice confirms: listing removed by moderator, one confirmed infringement")]
    public async Task ClaimIsExclusiveAndConfirmRemoves()
    {
        var (brandId, sellerId, listingId, caseId) = await FlaggedByNoticeAsync();
        using var alice = Flow.Moderator(api, "alice");
        using var bob = Flow.Moderator(api, "bob");

        var claimed = await alice.PostAsync($"/v1/cases/{caseId}/claim", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());
        Assert.Equal("alice", claimed.GetProperty("assignee").GetString());
        Assert.Contains(await Flow.CasesForAsync(api.Moderator, listingId, "claimed"), c => c.GetProperty("caseId").GetString() == caseId);
        Assert.Empty(await Flow.CasesForAsync(api.Moderator, listingId, "open"));

        await bob.PostAsync($"/v1/cases/{caseId}/claim", null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await Flow.ResolveAsync(bob, caseId, "confirmed").ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("flagged", (await Flow.ListingRiskAsync(api.Moderator, listingId)).GetProperty("status").GetString());

        var resolved = await Flow.ResolveAsync(alice, caseId, "confirmed").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());

        var listing = await Flow.ListingRiskAsync(api.Moderator, listingId);
        Assert.Equal("removed", listing.GetProperty("status").GetString());
        Assert.Equal("moderator", listing.GetProperty("removal").GetProperty("by").GetString());
        var seller = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.Equal(1, seller.GetProperty("counts").GetProperty("confirmedInfringements").GetInt32());
        Assert.NotNull(Flow.Points(seller, "confirmed_infringements"));
        Assert.Equal(1, (await Flow.BrandAsync(api.Admin, brandId)).GetProperty("stats").GetProperty("noticesAccepted").GetInt32());
        Assert.Contains(await Flow.CasesForAsync(api.Moderator, listingId, "resolved"), c => c.GetProperty("caseId").GetString() == caseId);
    }

    [Fact(DisplayName = "Cases: a claim without X-Actor is recorded under the key's name: 'key-' and the first 12 hex digits of the key's SHA-256")]
    public async Task ClaimWithoutActorNamesTheKey()
    {
        var (_, _, _, caseId) = await FlaggedByNoticeAsync();

        var claimed = await api.Moderator.PostAsync($"/v1/cases/{caseId}/claim", null).ExpectAsync(HttpStatusCode.OK);

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("dev-moderator"u8));
        Assert.Equal("key-" + hash[..12], claimed.GetProperty("assignee").GetString());
    }

    [Fact(DisplayName = "Cases: a dismissed review of a listing the restricted-brand gate holds leaves it flagged and opens no new review")]
    public async Task DismissedGatedReviewIsNotReopened()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin, restricted: true);
        var listingId = Ids.New("listing");
        var listed = await Flow.ListAsync(api.Ingest, listingId, Ids.New("seller"), brandId);
        Assert.Equal("flagged", listed.GetProperty("status").GetString());
        var open = Assert.Single(await Flow.CasesForAsync(api.Moderator, listingId, "open"));

        await Flow.ResolveAsync(api.Moderator, open.GetProperty("caseId").GetString()!, "dismissed").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("flagged", (await Flow.ListingRiskAsync(api.Moderator, listingId)).GetProperty("status").GetString());
        Assert.Empty(await Flow.CasesForAsync(api.Moderator, listingId, "open"));
    }

    [Fact(DisplayName = "Cases: a dismissed listing_review restores the listing and its reporters' next reports weigh less")]
    public async Task DismissRestoresAndLowersReporterCredibility()
    {
        var (_, _, listingId, caseId) = await FlaggedByNoticeAsync();
        var reporterId = Ids.New("reporter");
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(reporterId, listingId))).ExpectAsync(HttpStatusCode.OK);

        var probeBefore = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, probeBefore, Ids.New("seller"));
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(reporterId, probeBefore))).ExpectAsync(HttpStatusCode.OK);
        var weightBefore = Flow.Points(await Flow.ListingRiskAsync(api.Moderator, probeBefore), "reports");
        Assert.NotNull(weightBefore);

        await Flow.ResolveAsync(api.Moderator, caseId, "dismissed").ExpectAsync(HttpStatusCode.OK);

        var listing = await Flow.ListingRiskAsync(api.Moderator, listingId);
        Assert.Equal("active", listing.GetProperty("status").GetString());
        Assert.True(Flow.IsAbsent(listing, "removal"));

        var probeAfter = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, probeAfter, Ids.New("seller"));
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(reporterId, probeAfter))).ExpectAsync(HttpStatusCode.OK);
        var weightAfter = Flow.Points(await Flow.ListingRiskAsync(api.Moderator, probeAfter), "reports") ?? 0;
        Assert.True(weightAfter < weightBefore, $"reports points {weightBefore} before the dismissal, {weightAfter} after");
    }

    [Fact(DisplayName = "Cases: the open queue is listed highest priority first")]
    public async Task CasesHighestPriorityFirst()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var low = Ids.New("listing");
        var high = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, low, Ids.New("seller"), brandId);
        await Flow.ListAsync(api.Ingest, high, Ids.New("seller"), brandId, title: "Leather wallet replica");
        await Flow.NoticeAsync(api.Admin, brandId, [low, high]).ExpectAsync(HttpStatusCode.OK);

        var items = await Flow.CasesAsync(api.Moderator, "open");
        var priorities = items.Select(c => c.GetProperty("priority").GetInt32()).ToList();
        Assert.Equal(priorities.OrderByDescending(p => p), priorities);
        var lowIndex = items.FindIndex(c => c.GetProperty("subjectId").GetString() == low);
        var highIndex = items.FindIndex(c => c.GetProperty("subjectId").GetString() == high);
        Assert.True(lowIndex >= 0 && highIndex >= 0, "both cases are listed");
        Assert.True(items[highIndex].GetProperty("priority").GetInt32() > items[lowIndex].GetProperty("priority").GetInt32());
        Assert.True(highIndex < lowIndex);
    }

    [Fact(DisplayName = "Cases: repeated notices, reports and flags of one listing leave exactly one open case for it")]
    public async Task OneOpenCasePerListing()
    {
        var (brandId, _, listingId, caseId) = await FlaggedByNoticeAsync();
        await Flow.NoticeAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);
        await Flow.NoticeAsync(api.Admin, brandId, [listingId], reason: "again, with more evidence").ExpectAsync(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++)
        {
            var report = await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(Ids.New("reporter"), listingId))).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(caseId, report.GetProperty("caseId").GetString());
        }

        var open = Assert.Single(await Flow.CasesForAsync(api.Moderator, listingId, "open"));
        Assert.Equal(caseId, open.GetProperty("caseId").GetString());
    }

    [Fact(DisplayName = "Cases: a seller whose decision reaches review gets a seller_review case")]
    public async Task SellerReachingReviewGetsCase()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin, restricted: true);
        var sellerId = Ids.New("seller");
        var listing = await Flow.ListAsync(api.Ingest, Ids.New("listing"), sellerId, brandId, title: "Handbag replica mirror quality", amount: 40m);
        Assert.Equal("removed", listing.GetProperty("status").GetString());

        var seller = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.Equal("review", seller.GetProperty("decision").GetString());
        var review = Assert.Single(await Flow.CasesForAsync(api.Moderator, sellerId, "open"));
        Assert.Equal("seller_review", review.GetProperty("kind").GetString());
        Assert.Contains("review", review.GetProperty("reason").GetString());
    }

    // ---------------------------------------------------------------- 5. Appeals

    [Fact(DisplayName = "Appeals: a seller repeating its appeal while a moderator resolves the case gets its answer at once (the case's reinstatement tells the seller meanwhile)")]
    public async Task AppealRepeatedDuringResolution()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var appeals = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            var sellerId = Ids.New("seller");
            var listingId = Ids.New("listing");
            await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);
            await Flow.TakedownAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);
            var eventId = Ids.New("ev");
            var appeal = await Flow.AppealAsync(api.Ingest, sellerId, listingId, eventId).ExpectAsync(HttpStatusCode.Created);
            return (sellerId, listingId, eventId, caseId: appeal.GetProperty("caseId").GetString()!);
        }));

        // Resolving reinstates the listing, whose book then tells the seller; the seller, answering
        // the repeat, reads the case. Neither may wait on the other until a timeout.
        var racing = appeals.SelectMany(a => Enumerable.Range(0, 4)
            .Select(_ => Flow.AppealAsync(api.Ingest, a.sellerId, a.listingId, a.eventId).ExpectAsync(HttpStatusCode.Created))
            .Prepend(Flow.ResolveAsync(api.Moderator, a.caseId, "dismissed").ExpectAsync(HttpStatusCode.OK)));
        await Task.WhenAll(racing).WaitAsync(TimeSpan.FromSeconds(15));

        foreach (var a in appeals)
        {
            Assert.Equal("active", (await Flow.ListingRiskAsync(api.Moderator, a.listingId)).GetProperty("status").GetString());
        }
    }

    [Fact(DisplayName = "Appeals: 409 when nothing is enforced; 201 for a removed listing; the dossier timeline records the appeal and its outcome")]
    public async Task AppealsAndTimeline()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.RegisterAsync(api.Ingest, sellerId, registeredAt: DateTimeOffset.UtcNow.AddYears(-2));
        await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);
        Assert.Equal("allow", (await Flow.SellerRiskAsync(api.Moderator, sellerId)).GetProperty("decision").GetString());

        await Flow.AppealAsync(api.Ingest, sellerId, null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await Flow.AppealAsync(api.Ingest, sellerId, listingId).ExpectProblemAsync(HttpStatusCode.Conflict);
        await Flow.AppealAsync(api.Ingest, Ids.New("seller"), null).ExpectProblemAsync(HttpStatusCode.NotFound);

        await Flow.TakedownAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);
        var eventId = Ids.New("ev");
        var appeal = await Flow.AppealAsync(api.Ingest, sellerId, listingId, eventId).ExpectAsync(HttpStatusCode.Created);
        var caseId = appeal.GetProperty("caseId").GetString()!;
        Assert.Equal("appeal", appeal.GetProperty("kind").GetString());
        var repeat = await Flow.AppealAsync(api.Ingest, sellerId, listingId, eventId).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(caseId, repeat.GetProperty("caseId").GetString());
        Assert.Contains(await Flow.CasesForAsync(api.Moderator, listingId, "open"), c => c.GetProperty("caseId").GetString() == caseId);

        using var dana = Flow.Moderator(api, "dana");
        await Flow.ResolveAsync(dana, caseId, "confirmed").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("removed", (await Flow.ListingRiskAsync(api.Moderator, listingId)).GetProperty("status").GetString());

        var timeline = (await Flow.DossierAsync(api.Moderator, sellerId)).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, t => t.GetProperty("kind").GetString() == "appeal_opened" && t.GetProperty("reason").GetString()!.Contains(caseId, StringComparison.Ordinal));
        var outcome = Assert.Single(timeline, t => t.GetProperty("kind").GetString()!.StartsWith("case_", StringComparison.Ordinal) && t.GetProperty("reason").GetString()!.Contains(caseId, StringComparison.Ordinal));
        Assert.Equal("case_confirmed", outcome.GetProperty("kind").GetString());
        Assert.Equal("dana", outcome.GetProperty("actor").GetString());
        Assert.Contains("appeal rejected", outcome.GetProperty("reason").GetString());
    }

    // ---------------------------------------------------------------- 6. Overrides

    [Fact(DisplayName = "Overrides: suspend wins (risk suspend, checkout block); DELETE brings back the computed decision; a past expiresAt is 400; timeline records both")]
    public async Task OverrideSetAndClear()
    {
        var sellerId = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, sellerId);
        var computed = (await Flow.SellerRiskAsync(api.Moderator, sellerId)).GetProperty("decision").GetString();
        Assert.NotEqual("suspend", computed);
        using var erin = Flow.Moderator(api, "erin");

        var past = await erin.PutAsync($"/v1/sellers/{sellerId}/override", Json(new { decision = "suspend", reason = "too late", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-5) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(past.GetProperty("errors").TryGetProperty("expiresAt", out _));
        Assert.Equal(computed, (await Flow.SellerRiskAsync(api.Moderator, sellerId)).GetProperty("decision").GetString());

        var set = await Flow.OverrideAsync(erin, sellerId, "suspend").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("suspend", set.GetProperty("decision").GetString());
        var risk = await Flow.SellerRiskAsync(api.Checkout, sellerId);
        Assert.Equal("suspend", risk.GetProperty("decision").GetString());
        Assert.Equal("suspend", risk.GetProperty("override").GetProperty("decision").GetString());
        var checkout = await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("block", checkout.GetProperty("outcome").GetString());
        Assert.Equal("suspend", checkout.GetProperty("sellerDecision").GetString());

        var cleared = await erin.DeleteAsync($"/v1/sellers/{sellerId}/override").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(computed, cleared.GetProperty("decision").GetString());
        var after = await Flow.SellerRiskAsync(api.Checkout, sellerId);
        Assert.Equal(computed, after.GetProperty("decision").GetString());
        Assert.True(Flow.IsAbsent(after, "override"));
        Assert.NotEqual("block", (await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/checkout").ExpectAsync(HttpStatusCode.OK)).GetProperty("outcome").GetString());

        var timeline = (await Flow.DossierAsync(api.Moderator, sellerId)).GetProperty("timeline").EnumerateArray().ToList();
        var setEntry = Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "override_set");
        Assert.Equal("erin", setEntry.GetProperty("actor").GetString());
        Assert.Equal("suspend", setEntry.GetProperty("to").GetString());
        var clearedEntry = Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "override_cleared");
        Assert.Equal("erin", clearedEntry.GetProperty("actor").GetString());
        Assert.Equal(computed, clearedEntry.GetProperty("to").GetString());

        await Flow.OverrideAsync(api.Moderator, Ids.New("seller"), "suspend").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "Overrides: once expiresAt passes (risk clock moved 2 h), the computed decision returns and the next rescore records override_expired")]
    public async Task OverrideExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await Flow.StartWithClockAsync(new RiskClock(time));
        using var ingest = app.Client("dev-ingest");
        using var moderator = app.Client("dev-moderator");
        var sellerId = Ids.New("seller");
        await Flow.RegisterAsync(ingest, sellerId);
        var computed = (await Flow.SellerRiskAsync(moderator, sellerId)).GetProperty("decision").GetString();

        await Flow.OverrideAsync(moderator, sellerId, "suspend").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("suspend", (await Flow.SellerRiskAsync(moderator, sellerId)).GetProperty("decision").GetString());

        time.Advance(TimeSpan.FromHours(2));

        var risk = await Flow.SellerRiskAsync(moderator, sellerId);
        Assert.Equal(computed, risk.GetProperty("decision").GetString());
        Assert.True(Flow.IsAbsent(risk, "override"));
        using var checkoutClient = app.Client("dev-checkout");
        Assert.NotEqual("block", (await checkoutClient.GetAsync($"/v1/sellers/{sellerId}/checkout").ExpectAsync(HttpStatusCode.OK)).GetProperty("outcome").GetString());

        await ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(sellerId))).ExpectAsync(HttpStatusCode.OK);
        var timeline = (await Flow.DossierAsync(moderator, sellerId)).GetProperty("timeline").EnumerateArray().ToList();
        var expired = Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "override_expired");
        Assert.Equal("suspend", expired.GetProperty("from").GetString());
    }

    // ---------------------------------------------------------------- 7. Linked accounts

    [Fact(DisplayName = "Linked accounts: a seller registering with a suspended seller's deviceId gets linked_to_enforced")]
    public async Task LinkedAfterSuspension()
    {
        var deviceId = Ids.New("device");
        var a = Ids.New("seller");
        var b = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, a, fingerprints: new { deviceId });
        await Flow.OverrideAsync(api.Moderator, a, "suspend").ExpectAsync(HttpStatusCode.OK);

        await Flow.RegisterAsync(api.Ingest, b, fingerprints: new { deviceId });

        var risk = await Flow.EventuallyAsync(() => Flow.SellerRiskAsync(api.Moderator, b), r => Flow.Points(r, "linked_to_enforced") > 0, $"{b} gains linked_to_enforced");
        Flow.AssertExplained(risk);
        var linked = Assert.Single((await api.Moderator.GetAsync($"/v1/sellers/{b}/linked").ExpectAsync(HttpStatusCode.OK)).GetProperty("linked").EnumerateArray());
        Assert.Equal(a, linked.GetProperty("sellerId").GetString());
        Assert.Equal(["device"], linked.GetProperty("sharedKinds").EnumerateArray().Select(k => k.GetString()!));
        Assert.True(linked.GetProperty("suspended").GetBoolean());
    }

    [Fact(DisplayName = "Linked accounts: sellers sharing a bankAccountHash, one suspended later: the other gains linked_to_enforced, and loses it when lifted")]
    public async Task LinkedBeforeSuspension()
    {
        var bankAccountHash = Ids.New("bank");
        var a = Ids.New("seller");
        var b = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, a, fingerprints: new { bankAccountHash });
        await Flow.RegisterAsync(api.Ingest, b, fingerprints: new { bankAccountHash });
        Assert.Null(Flow.Points(await Flow.SellerRiskAsync(api.Moderator, b), "linked_to_enforced"));
        var linked = Assert.Single((await api.Moderator.GetAsync($"/v1/sellers/{b}/linked").ExpectAsync(HttpStatusCode.OK)).GetProperty("linked").EnumerateArray());
        Assert.Equal(a, linked.GetProperty("sellerId").GetString());
        Assert.Equal(["bank_account"], linked.GetProperty("sharedKinds").EnumerateArray().Select(k => k.GetString()!));
        Assert.False(linked.GetProperty("suspended").GetBoolean());

        await Flow.OverrideAsync(api.Moderator, a, "suspend").ExpectAsync(HttpStatusCode.OK);
        await Flow.EventuallyAsync(() => Flow.SellerRiskAsync(api.Moderator, b), r => Flow.Points(r, "linked_to_enforced") > 0, $"{b} gains linked_to_enforced");
        var fromA = Assert.Single((await api.Moderator.GetAsync($"/v1/sellers/{a}/linked").ExpectAsync(HttpStatusCode.OK)).GetProperty("linked").EnumerateArray());
        Assert.Equal(b, fromA.GetProperty("sellerId").GetString());

        await api.Moderator.DeleteAsync($"/v1/sellers/{a}/override").ExpectAsync(HttpStatusCode.OK);
        await Flow.EventuallyAsync(() => Flow.SellerRiskAsync(api.Moderator, b), r => Flow.Points(r, "linked_to_enforced") is null, $"{b} loses linked_to_enforced");
    }

    // ---------------------------------------------------------------- 8. Reporter credibility

    [Fact(DisplayName = "Mass reporting: one reporter filing 500 reports against a verified 2-year-old seller counts once")]
    public async Task OneReporterCountsOnce()
    {
        var sellerId = await EstablishedSellerAsync();
        var reporterId = Ids.New("reporter");
        for (var i = 0; i < 500; i++)
        {
            await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(reporterId, sellerId: sellerId))).ExpectAsync(HttpStatusCode.OK);
        }

        var risk = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.Equal(1, risk.GetProperty("counts").GetProperty("reports").GetInt32());
        Assert.True(Flow.Points(risk, "reports") is null or <= 5, risk.ToString());
        Assert.Equal("allow", risk.GetProperty("decision").GetString());
        Assert.Empty(await Flow.CasesForAsync(api.Moderator, sellerId, "open"));
    }

    [Fact(DisplayName = "Mass reporting: 12 fresh reporters never restrict or suspend a verified 2-year-old seller, and open a mass_reports seller_review")]
    public async Task FreshReportersOpenMassReportCase()
    {
        var sellerId = await EstablishedSellerAsync();
        for (var i = 0; i < 12; i++)
        {
            var answer = await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(Ids.New("reporter"), sellerId: sellerId))).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(answer.GetProperty("seller").GetProperty("decision").GetString(), new[] { "allow", "monitor", "review" });
        }

        var risk = await Flow.SellerRiskAsync(api.Moderator, sellerId);
        Assert.Equal(12, risk.GetProperty("counts").GetProperty("reports").GetInt32());
        Assert.Contains(risk.GetProperty("decision").GetString(), new[] { "allow", "monitor", "review" });
        var review = Assert.Single(await Flow.CasesForAsync(api.Moderator, sellerId, "open"));
        Assert.Equal("seller_review", review.GetProperty("kind").GetString());
        Assert.StartsWith("mass_reports", review.GetProperty("reason").GetString());
    }

    // ---------------------------------------------------------------- 9. Dossier

    [Fact(DisplayName = "Dossier: seller, profile, verifications, listings with removals, reports, notices, scans, linked sellers and an audited timeline; HTML too")]
    public async Task DossierBundlesEvidence()
    {
        var deviceId = Ids.New("device");
        var sellerId = Ids.New("seller");
        var twin = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, sellerId, fingerprints: new { deviceId }, country: "PT");
        await Flow.RegisterAsync(api.Ingest, twin, fingerprints: new { deviceId });
        await api.Ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(sellerId))).ExpectAsync(HttpStatusCode.OK);

        var unproven = await Flow.PutBrandAsync(api.Admin);
        var trusted = await Flow.PutBrandAsync(api.Admin, trusted: true);
        var scanned = Ids.New("listing");
        var noticed = Ids.New("listing");
        var removed = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, scanned, sellerId, unproven);
        await Flow.ListAsync(api.Ingest, noticed, sellerId, unproven);
        await Flow.ListAsync(api.Ingest, removed, sellerId, trusted);
        var reporterId = Ids.New("reporter");
        await api.Ingest.PostAsync("/v1/reports", Json(Bodies.Report(reporterId, scanned))).ExpectAsync(HttpStatusCode.OK);
        var code = (await Flow.MintAsync(api.Admin, unproven, 1))[0];
        Assert.Equal("unknown", await Flow.ScanAsync(api.Ingest, Flow.Forge(code), unproven, listingId: scanned));
        await Flow.NoticeAsync(api.Admin, unproven, [noticed]).ExpectAsync(HttpStatusCode.OK);
        await Flow.TakedownAsync(api.Admin, trusted, [removed]).ExpectAsync(HttpStatusCode.OK);
        using var carol = Flow.Moderator(api, "carol");
        await Flow.OverrideAsync(carol, sellerId, "restrict").ExpectAsync(HttpStatusCode.OK);

        var dossier = await Flow.DossierAsync(api.Moderator, sellerId);

        Assert.Equal(sellerId, dossier.GetProperty("seller").GetProperty("sellerId").GetString());
        Assert.Equal("restrict", dossier.GetProperty("seller").GetProperty("decision").GetString());
        Assert.Equal("PT", dossier.GetProperty("profile").GetProperty("country").GetString());
        Assert.Equal(deviceId, dossier.GetProperty("profile").GetProperty("fingerprints").GetProperty("deviceId").GetString());
        Assert.Contains(dossier.GetProperty("verificationHistory").EnumerateArray(),
            v => v.GetProperty("check").GetString() == "identity" && v.GetProperty("outcome").GetString() == "passed");

        var listings = dossier.GetProperty("listings").EnumerateArray().ToDictionary(l => l.GetProperty("listingId").GetString()!);
        Assert.Equal(3, listings.Count);
        // The restriction takes the flagged listing off sale: the dossier shows why.
        Assert.Equal("removed", listings[noticed].GetProperty("status").GetString());
        Assert.Equal("proactive", listings[noticed].GetProperty("removal").GetProperty("by").GetString());
        Assert.Contains("restricted", listings[noticed].GetProperty("removal").GetProperty("reason").GetString());
        Assert.Equal("removed", listings[removed].GetProperty("status").GetString());
        Assert.Equal("brand", listings[removed].GetProperty("removal").GetProperty("by").GetString());

        Assert.Contains(dossier.GetProperty("reports").EnumerateArray(), r => r.GetProperty("reporterId").GetString() == reporterId && r.GetProperty("listingId").GetString() == scanned);
        var notices = dossier.GetProperty("notices").EnumerateArray().ToList();
        Assert.Contains(notices, n => n.GetProperty("listingId").GetString() == noticed && n.GetProperty("notice").GetProperty("brandId").GetString() == unproven);
        Assert.Contains(notices, n => n.GetProperty("listingId").GetString() == removed && n.GetProperty("notice").GetProperty("takedown").GetBoolean());
        Assert.Contains(dossier.GetProperty("scans").EnumerateArray(), s => s.GetProperty("listingId").GetString() == scanned && s.GetProperty("scan").GetProperty("result").GetString() == "unknown");
        Assert.Contains(dossier.GetProperty("linkedSellers").EnumerateArray(), l => l.GetProperty("sellerId").GetString() == twin);

        var timeline = dossier.GetProperty("timeline").EnumerateArray().ToList();
        Assert.NotEmpty(timeline);
        Assert.All(timeline, t =>
        {
            Assert.False(string.IsNullOrEmpty(t.GetProperty("reason").GetString()));
            Assert.False(string.IsNullOrEmpty(t.GetProperty("actor").GetString()));
            Assert.False(string.IsNullOrEmpty(t.GetProperty("policyVersion").GetString()));
        });
        var decisions = timeline.Where(t => t.GetProperty("kind").GetString() == "decision").ToList();
        Assert.NotEmpty(decisions);
        Assert.All(decisions, d => Assert.NotEqual(d.GetProperty("from").GetString(), d.GetProperty("to").GetString()));
        Assert.Contains(timeline, t => t.GetProperty("kind").GetString() == "override_set" && t.GetProperty("actor").GetString() == "carol");

        using var html = await api.Moderator.GetAsync($"/v1/sellers/{sellerId}/dossier?format=html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains(sellerId, page);
        Assert.Contains(removed, page);

        await api.Moderator.GetAsync($"/v1/sellers/{Ids.New("seller")}/dossier").ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Checkout.GetAsync($"/v1/sellers/{sellerId}/dossier").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>A listing of a fresh unproven brand flagged by its notice, and the case that opened.</summary>
    private async Task<(string BrandId, string SellerId, string ListingId, string CaseId)> FlaggedByNoticeAsync()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, sellerId, brandId);
        var notice = await Flow.NoticeAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("flagged", Flow.Outcomes(notice)[listingId]);
        var open = Assert.Single(await Flow.CasesForAsync(api.Moderator, listingId, "open"));
        return (brandId, sellerId, listingId, open.GetProperty("caseId").GetString()!);
    }

    /// <summary>A seller registered two years ago whose identity and business checks passed.</summary>
    private async Task<string> EstablishedSellerAsync()
    {
        var sellerId = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, sellerId, registeredAt: DateTimeOffset.UtcNow.AddYears(-2));
        await api.Ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(sellerId, "identity"))).ExpectAsync(HttpStatusCode.OK);
        var verified = await api.Ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(sellerId, "business"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("allow", verified.GetProperty("decision").GetString());
        return sellerId;
    }
}

/// <summary>Requests and reads shared by the workflow tests.</summary>
internal static class Flow
{
    public static async Task<string> PutBrandAsync(HttpClient admin, bool trusted = false, bool restricted = false, string? brandId = null)
    {
        brandId ??= Ids.New("brand");
        var name = $"Zq{Guid.NewGuid():N}";
        await admin.PutAsync($"/v1/brands/{brandId}", Json(new
        {
            name,
            trademarks = new[] { name },
            protectedTerms = new[] { $"{name} Signature" },
            authorizedSellers = Array.Empty<string>(),
            referencePrice = new { amount = 100m, currency = "USD" },
            restricted,
            selfServiceTakedown = trusted,
        })).ExpectAsync(HttpStatusCode.OK);
        return brandId;
    }

    /// <summary>A listing that scores nothing by itself unless its title says so.</summary>
    public static Task<JsonElement> ListAsync(HttpClient ingest, string listingId, string sellerId, string? brandId = null, string title = "Plain cotton t-shirt", decimal amount = 95m) =>
        ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, sellerId, title, amount, brandId))).ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonElement> RegisterAsync(HttpClient ingest, string sellerId, object? fingerprints = null, DateTimeOffset? registeredAt = null, string country = "NL") =>
        ingest.PostAsync("/v1/sellers", Json(new { eventId = Ids.New("ev"), sellerId, registeredAt, country, fingerprints })).ExpectAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> NoticeAsync(HttpClient client, string brandId, string[] listingIds, string? eventId = null, string reason = "counterfeit of our trademark") =>
        client.PostAsync($"/v1/brands/{brandId}/notices", Json(new { eventId = eventId ?? Ids.New("ev"), listingIds, reason, details = "test purchase" }));

    public static Task<HttpResponseMessage> TakedownAsync(HttpClient client, string brandId, string[] listingIds) =>
        client.PostAsync($"/v1/brands/{brandId}/takedowns", Json(new { eventId = Ids.New("ev"), listingIds, reason = "counterfeit of our trademark" }));

    public static Task<HttpResponseMessage> AppealAsync(HttpClient ingest, string sellerId, string? listingId, string? eventId = null) =>
        ingest.PostAsync($"/v1/sellers/{sellerId}/appeals", Json(new { eventId = eventId ?? Ids.New("ev"), statement = "These are genuine goods; invoices attached.", listingId }));

    public static Task<HttpResponseMessage> ResolveAsync(HttpClient moderator, string caseId, string outcome) =>
        moderator.PostAsync($"/v1/cases/{caseId}/resolve", Json(new { outcome, note = $"{outcome} after review" }));

    public static Task<HttpResponseMessage> OverrideAsync(HttpClient moderator, string sellerId, string decision) =>
        moderator.PutAsync($"/v1/sellers/{sellerId}/override", Json(new { decision, reason = "moderator decision", expiresAt = DateTimeOffset.UtcNow.AddHours(1) }));

    public static async Task<string[]> MintAsync(HttpClient client, string brandId, int count)
    {
        var minted = await client.PostAsync($"/v1/brands/{brandId}/codes", Json(new { count })).ExpectAsync(HttpStatusCode.Created);
        return [.. minted.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!)];
    }

    public static async Task<string> ScanAsync(HttpClient ingest, string code, string brandId, string? listingId = null, string? sellerId = null)
    {
        var answer = await ingest.PostAsync("/v1/transparency/scans", Json(new { eventId = Ids.New("ev"), code, brandId, listingId, sellerId })).ExpectAsync(HttpStatusCode.OK);
        return answer.GetProperty("result").GetString()!;
    }

    /// <summary>The code with the last character of its MAC changed.</summary>
    public static string Forge(string code) => code[..^1] + (code[^1] == '0' ? '1' : '0');

    public static Task<JsonElement> ListingRiskAsync(HttpClient client, string listingId) =>
        client.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonElement> SellerRiskAsync(HttpClient client, string sellerId) =>
        client.GetAsync($"/v1/sellers/{sellerId}/risk").ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonElement> BrandAsync(HttpClient client, string brandId) =>
        client.GetAsync($"/v1/brands/{brandId}").ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonElement> DossierAsync(HttpClient client, string sellerId) =>
        client.GetAsync($"/v1/sellers/{sellerId}/dossier").ExpectAsync(HttpStatusCode.OK);

    public static async Task<List<JsonElement>> CasesAsync(HttpClient moderator, string status) =>
        [.. (await moderator.GetAsync($"/v1/cases?status={status}&limit=500").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    public static async Task<List<JsonElement>> CasesForAsync(HttpClient moderator, string subjectId, string status) =>
        [.. (await CasesAsync(moderator, status)).Where(c => c.GetProperty("subjectId").GetString() == subjectId)];

    public static Dictionary<string, string> Outcomes(JsonElement answer) =>
        answer.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("listingId").GetString()!, r => r.GetProperty("outcome").GetString()!);

    /// <summary>The points of a factor, or null when the view has no such factor.</summary>
    public static int? Points(JsonElement view, string code) =>
        view.GetProperty("factors").EnumerateArray()
            .Where(f => f.GetProperty("code").GetString() == code)
            .Select(f => (int?)f.GetProperty("points").GetInt32())
            .FirstOrDefault();

    public static void AssertExplained(JsonElement view) =>
        Assert.Equal(view.GetProperty("score").GetInt32(), view.GetProperty("factors").EnumerateArray().Sum(f => f.GetProperty("points").GetInt32()));

    public static bool IsAbsent(JsonElement view, string property) =>
        !view.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    /// <summary>A moderator client acting as the named moderator (X-Actor).</summary>
    /// <summary>A moderator client of the fixture's api (through its validating proxy) acting as the named actor.</summary>
    public static HttpClient Moderator(ApiFixture api, string actor)
    {
        var client = api.Client("dev-moderator");
        client.DefaultRequestHeaders.Add("X-Actor", actor);
        return client;
    }

    public static HttpClient Moderator(ApiServer server, string actor)
    {
        var client = server.Client("dev-moderator");
        client.DefaultRequestHeaders.Add("X-Actor", actor);
        return client;
    }

    /// <summary>The api scoring by the given clock, so that a test can move IpGuard's time (override expiry).</summary>
    public static Task<ApiServer> StartWithClockAsync(RiskClock clock) =>
        ApiServer.StartAsync(configure: builder => builder.Services.AddSingleton(clock));

    /// <summary>Polls until the condition holds, for at most 10 s.</summary>
    public static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not within 10 s: {what}; last seen {value}");
            await Task.Delay(50);
        }
    }
}
