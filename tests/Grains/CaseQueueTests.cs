using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

/// <summary>The moderators' case queue over a real redis-server: its shards keep their cases in pages.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class CaseQueueTests(RedisClusterFixture fixture)
{
    [Fact(DisplayName = "Redis: a case-queue shard writes the page holding a case, not the whole shard; 300 concurrent openings all list again after a deactivation")]
    public async Task OpeningsWriteOnePageAndAllComeBack()
    {
        var shard = Ids.New("shard");
        var queue = fixture.Grains.GetGrain<ICaseQueueGrain>(shard);
        var cases = Enumerable.Range(0, 300).Select(i => View($"{shard}-case{i}", CaseStatus.Open)).ToList();

        await Task.WhenAll(cases.Select(queue.Upsert));
        await queue.Upsert(cases[7] with { Status = CaseStatus.Claimed, Assignee = "mod-1" });

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var pages = new List<int>();
        for (var page = 0; page < CaseQueueGrain.Pages; page++)
        {
            var data = (byte[]?)await db.HashGetAsync(Key(shard, $"page{page}"), "data");
            Assert.NotNull(data);
            pages.Add(data!.Length);
        }

        Assert.False(await db.KeyExistsAsync(Key(shard, PagedRecords.LegacyName)), "a paged shard writes no whole-shard record");
        Assert.True(pages.Max() * 4 < pages.Sum(), $"each page should hold a small share of the shard's cases (pages of {string.Join(", ", pages)} bytes)");

        await fixture.Cluster.DeactivateAsync(queue);

        var open = await queue.List(CaseStatus.Open, 1000);
        Assert.Equal(cases.Select(c => c.CaseId).Where(id => id != cases[7].CaseId).Order(), open.Select(c => c.CaseId).Order());
        var claimed = Assert.Single(await queue.List(CaseStatus.Claimed, 10));
        Assert.Equal(("mod-1", cases[7].CaseId), (claimed.Assignee, claimed.CaseId));
        Assert.Equal(300, await queue.CountOpen());
    }

    [Fact(DisplayName = "Redis: the cases of a shard written before paging move into its pages, the old record is cleared, and they still list after a deactivation")]
    public async Task CasesOfTheRecordBeforePagingMoveIntoPages()
    {
        var shard = Ids.New("shard");
        var grainId = GrainId.Create("case-queue", shard);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var old = new CaseQueueState();
        foreach (var view in Enumerable.Range(0, 40).Select(i => View($"{shard}-old{i}", i < 30 ? CaseStatus.Open : CaseStatus.Resolved)))
        {
            old.Cases[view.CaseId] = view;
        }

        await storage.WriteStateAsync(PagedRecords.LegacyName, grainId, new GrainState<CaseQueueState>(old));

        var queue = fixture.Grains.GetGrain<ICaseQueueGrain>(shard);
        Assert.Equal(30, await queue.CountOpen());
        await queue.Upsert(View($"{shard}-new", CaseStatus.Open));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var legacy = (byte[]?)await connection.GetDatabase().HashGetAsync(Key(shard, PagedRecords.LegacyName), "data");
        Assert.True(legacy is null or { Length: 0 }, "the record written before paging is cleared once its cases are in the pages");

        await fixture.Cluster.DeactivateAsync(queue);

        Assert.Equal(31, await queue.CountOpen());
        Assert.Equal(10, (await queue.List(CaseStatus.Resolved, 100)).Count);
        Assert.Contains(await queue.List(CaseStatus.Open, 100), c => c.CaseId == $"{shard}-old0");
    }

    [Fact(DisplayName = "Redis: an opened case leaves memory once its opening is answered; the queue lists it, and a moderator's claim finds it again in storage")]
    public async Task AnOpenedCaseLeavesMemoryAndComesBackWhenClaimed()
    {
        var caseId = Ids.New("case");
        var seller = Ids.New("seller");
        var opening = new CaseOpening(CaseKind.SellerReview, seller, seller, null, "reported by 3 distinct reporters", 62,
            new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), null, null, null);
        var opened = await fixture.Grains.GetGrain<ICaseGrain>(caseId).Open(opening);
        Assert.Equal(CaseStatus.Open, opened.Status);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await IsActiveAsync(caseId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"case {caseId} is still active 10 s after its opening was answered");
            await Task.Delay(20);
        }

        var listed = await fixture.Grains.GetGrain<ICaseQueueGrain>(ICaseQueueGrain.ShardOf(caseId)).List(CaseStatus.Open, 1000);
        Assert.Contains(listed, c => c.CaseId == caseId);

        var claimed = await fixture.Grains.GetGrain<ICaseGrain>(caseId).Claim("mod-1");
        Assert.Equal(AckStatus.Applied, claimed.Status);
        Assert.Equal((CaseStatus.Claimed, "mod-1", opening.Reason, seller), (claimed.Case!.Status, claimed.Case.Assignee, claimed.Case.Reason, claimed.Case.SellerId));
        Assert.True(await IsActiveAsync(caseId), "a case a moderator works on stays in memory");
    }

    [Fact(DisplayName = "Redis: a case opened through the queue activates no case grain; once the shard is reloaded a claim finds it, and the case grain holds it from then on")]
    public async Task CaseOpenedThroughTheQueueIsTakenOverWhenClaimed()
    {
        var caseId = Ids.New("case");
        var listing = Ids.New("listing");
        var opening = new CaseOpening(CaseKind.ListingReview, listing, "seller-1", listing, "restricted_brand_unauthorized", 40,
            new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), null, null, null);
        var queue = fixture.Grains.GetGrain<ICaseQueueGrain>(ICaseQueueGrain.ShardOf(caseId));
        await queue.Open(caseId, opening);
        await queue.Open(caseId, opening with { Reason = "a repeat changes nothing" });

        Assert.False(await IsActiveAsync(caseId), "opening through the queue activates no case grain");
        await fixture.Cluster.DeactivateAsync(queue);
        var listed = Assert.Single(await queue.List(CaseStatus.Open, 1000), c => c.CaseId == caseId);
        Assert.Equal((listing, opening.Reason), (listed.SubjectId, listed.Reason));
        Assert.Equal(opening, await queue.GetOpening(caseId));

        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        Assert.Equal(CaseStatus.Open, (await grain.Get())!.Status);
        var claimed = await grain.Claim("mod-1");
        Assert.Equal(AckStatus.Applied, claimed.Status);
        Assert.Equal((CaseStatus.Claimed, "mod-1", opening.Reason, listing), (claimed.Case!.Status, claimed.Case.Assignee, claimed.Case.Reason, claimed.Case.ListingId));
        Assert.Null(await queue.GetOpening(caseId));

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal((CaseStatus.Claimed, "mod-1"), ((await grain.Get())!.Status, (await grain.Get())!.Assignee));
        Assert.Null(await fixture.Grains.GetGrain<ICaseGrain>(Ids.New("case")).Get());
    }

    [Fact(DisplayName = "Redis: a seller's review case (ten distinct reporters) opens in its queue shard with no case grain activated; the case grain serves it when asked")]
    public async Task SellerReviewCaseOpensInTheQueue()
    {
        var sellerId = Ids.New("seller");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), null, "SE", null));
        foreach (var reporter in Enumerable.Range(0, 10).Select(i => $"{sellerId}-reporter{i}"))
        {
            await seller.Report(new ReportCommand(Ids.New("ev"), reporter, ReporterKind.Buyer, null, sellerId, ReportReason.Counterfeit, null, null));
        }

        var caseId = CaseIds.For(CaseKind.SellerReview, sellerId, 1);
        var opening = await fixture.Grains.GetGrain<ICaseQueueGrain>(ICaseQueueGrain.ShardOf(caseId)).GetOpening(caseId);
        Assert.Equal((CaseKind.SellerReview, sellerId), (opening?.Kind, opening?.SubjectId));
        Assert.False(await IsActiveAsync(caseId), "a seller's review case opens in the queue alone");
        var view = await fixture.Grains.GetGrain<ICaseGrain>(caseId).Get();
        Assert.Equal((CaseStatus.Open, sellerId), (view?.Status, view?.SellerId));
    }

    private async Task<bool> IsActiveAsync(string caseId)
    {
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(g => g.GrainId == GrainId.Create("case", caseId));
    }

    private string Key(string shard, string record) => fixture.StateKey("case-queue", shard, record);

    private static CaseView View(string caseId, CaseStatus status) => new(
        caseId, CaseKind.ListingReview, $"{caseId}-listing", "seller-1", $"{caseId}-listing", "flagged: score 40", 40, 40, status,
        new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), null,
        status == CaseStatus.Resolved ? new CaseResolution(CaseOutcome.Dismissed, "ok", "mod-1", new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero)) : null, null);
}
