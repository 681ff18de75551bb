using System.Net;
using System.Text.Json;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Api;

/// <summary>Labelled outcomes: what resolving cases and scanning codes records, and the admin export.</summary>
[Collection(ContractCollection.Name)]
public sealed class OutcomesApiTests(ContractApiFixture api)
{
    [Fact(DisplayName = "Outcomes: a confirmed listing review records one infringing example with the listing's factors and features before the decision, once however often it is resolved")]
    public async Task ConfirmedReviewRecordsOneInfringingExample()
    {
        var cursor = await EndAsync();
        var (listingId, caseId) = await FlaggedByNoticeAsync();
        using var alice = Flow.Moderator(api, "alice");
        await Flow.ResolveAsync(alice, caseId, "confirmed").ExpectAsync(HttpStatusCode.OK);
        await Flow.ResolveAsync(alice, caseId, "confirmed").ExpectAsync(HttpStatusCode.OK);

        var example = Assert.Single(await ReadAfterAsync(cursor), o => o.GetProperty("key").GetString() == $"case:{caseId}");
        Assert.Equal("listing_review", example.GetProperty("source").GetString());
        Assert.Equal("listing", example.GetProperty("subject").GetString());
        Assert.Equal(listingId, example.GetProperty("subjectId").GetString());
        Assert.True(example.GetProperty("infringing").GetBoolean());
        Assert.Equal("confirmed", example.GetProperty("outcome").GetString());
        Assert.Equal("2026.12-default.5", example.GetProperty("policyVersion").GetString());

        // Before the decision: the notice's 20 points, one notice's worth of the feature; not yet removed.
        Assert.Equal(20, example.GetProperty("factors").GetProperty("brand_notices").GetInt32());
        Assert.Equal(1.0, example.GetProperty("features").GetProperty("brand_notices").GetDouble());
        Assert.Equal(20, example.GetProperty("score").GetInt32());
    }

    [Fact(DisplayName = "Outcomes: a dismissed listing review records a legitimate example, a forged Transparency code an infringing one, an authentic scan none")]
    public async Task DismissalAndScanLabels()
    {
        var cursor = await EndAsync();
        var (listingId, caseId) = await FlaggedByNoticeAsync();
        using var bob = Flow.Moderator(api, "bob");
        await Flow.ResolveAsync(bob, caseId, "dismissed").ExpectAsync(HttpStatusCode.OK);

        var brandId = await Flow.PutBrandAsync(api.Admin);
        var code = (await Flow.MintAsync(api.Admin, brandId, 1))[0];
        var scanned = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, scanned, Ids.New("seller"), brandId);
        Assert.Equal("unknown", await Flow.ScanAsync(api.Ingest, Flow.Forge(code), brandId, listingId: scanned));
        var genuine = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, genuine, Ids.New("seller"), brandId);
        Assert.Equal("authentic", await Flow.ScanAsync(api.Ingest, code, brandId, listingId: genuine));

        var outcomes = await ReadAfterAsync(cursor);
        var dismissed = Assert.Single(outcomes, o => o.GetProperty("key").GetString() == $"case:{caseId}");
        Assert.False(dismissed.GetProperty("infringing").GetBoolean());
        Assert.Equal("dismissed", dismissed.GetProperty("outcome").GetString());
        Assert.Equal(listingId, dismissed.GetProperty("subjectId").GetString());

        var scan = Assert.Single(outcomes, o => o.GetProperty("subjectId").GetString() == scanned);
        Assert.Equal("scan", scan.GetProperty("source").GetString());
        Assert.True(scan.GetProperty("infringing").GetBoolean());
        Assert.Equal("unknown", scan.GetProperty("outcome").GetString());

        // The scan's own failure is not among the features it is labelled by.
        Assert.False(scan.GetProperty("factors").TryGetProperty("transparency_failures", out _));

        // An authentic scan proves the code, not the goods: no outcome.
        Assert.DoesNotContain(outcomes, o => o.GetProperty("subjectId").GetString() == genuine);
    }

    [Fact(DisplayName = "Outcomes: the export is admin only, and a bad cursor or limit is a 400 naming the field")]
    public async Task ExportIsAdminOnlyAndValidated()
    {
        await api.Moderator.GetAsync("/v1/outcomes").ExpectProblemAsync(HttpStatusCode.Forbidden);
        var badAfter = await api.Admin.GetAsync("/v1/outcomes?after=abc").ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badAfter.GetProperty("errors").TryGetProperty("after", out _), badAfter.ToString());
        var badLimit = await api.Admin.GetAsync("/v1/outcomes?limit=1001").ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badLimit.GetProperty("errors").TryGetProperty("limit", out _), badLimit.ToString());
    }

    private async Task<(string ListingId, string CaseId)> FlaggedByNoticeAsync()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        var listingId = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listingId, Ids.New("seller"), brandId);
        await Flow.NoticeAsync(api.Admin, brandId, [listingId]).ExpectAsync(HttpStatusCode.OK);
        var open = Assert.Single(await Flow.CasesForAsync(api.Moderator, listingId, "open"));
        return (listingId, open.GetProperty("caseId").GetString()!);
    }

    /// <summary>The cursor after the newest outcome so far (paging through the export, two at a time).</summary>
    private async Task<string?> EndAsync()
    {
        string? after = null;
        for (var page = 0; page < 10_000; page++)
        {
            var answer = await api.Admin.GetAsync("/v1/outcomes?limit=1000" + (after is null ? string.Empty : $"&after={after}")).ExpectAsync(HttpStatusCode.OK);
            var next = answer.GetProperty("next").GetString();
            if (answer.GetProperty("items").GetArrayLength() == 0 || next == after)
            {
                return next;
            }

            after = next;
        }

        throw new InvalidOperationException("the export did not end");
    }

    /// <summary>Every outcome after the cursor, two a page, so that paging is exercised.</summary>
    private async Task<List<JsonElement>> ReadAfterAsync(string? after)
    {
        var items = new List<JsonElement>();
        for (var page = 0; page < 10_000; page++)
        {
            var answer = await api.Admin.GetAsync("/v1/outcomes?limit=2" + (after is null ? string.Empty : $"&after={after}")).ExpectAsync(HttpStatusCode.OK);
            var batch = answer.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
            items.AddRange(batch);
            var next = answer.GetProperty("next").GetString();
            if (batch.Count == 0 || next == after)
            {
                return items;
            }

            after = next;
        }

        throw new InvalidOperationException("the export did not end");
    }
}
