using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

[Collection(RedisClusterCollection.Name)]
public sealed class GroupCommitTests(RedisClusterFixture fixture)
{
    [Fact(DisplayName = "Group commit: 300 concurrent changes to one brand stats shard all count once and all are in Redis after a re-read")]
    public async Task ConcurrentChangesShareWritesAndAllPersist()
    {
        var brandId = Ids.New("brand");
        var shard = IBrandStatsGrain.KeyFor(brandId, "probe");
        var listings = Enumerable.Range(0, 100_000).Select(i => $"{brandId}-l{i}").Where(l => IBrandStatsGrain.KeyFor(brandId, l) == shard).Take(300).ToList();
        Assert.Equal(300, listings.Count);
        var grain = fixture.Grains.GetGrain<IBrandStatsGrain>(shard);

        await Task.WhenAll(listings.Select((l, i) => grain.Apply(new BrandListingDelta(l, $"seller-{i % 7}", Removed: i % 3 == 0, Proactive: i % 6 == 0))));
        await Task.WhenAll(listings.Take(50).Select(l => grain.Apply(new BrandListingDelta(l, "seller-0", Removed: false, Proactive: false))));

        await fixture.Cluster.DeactivateAsync(grain);
        var stats = await fixture.Grains.GetGrain<IBrandStatsGrain>(shard).Get();
        Assert.Equal(300, stats.ListingsSeen);
        Assert.Equal(listings.Select((l, i) => (l, i)).Count(x => x.i % 3 == 0 && x.i >= 50), stats.ListingsRemoved);
        Assert.Equal(listings.Select((l, i) => (l, i)).Count(x => x.i % 6 == 0 && x.i >= 50), stats.ProactiveRemovals);
    }

    [Fact(DisplayName = "Redis: a scored listing restated unchanged within the hour costs its seller no write; a new score, a report, or a restatement hours later is written and counted after a re-read")]
    public async Task RestatedListingCostsTheSellerNoWrite()
    {
        var (sellerId, listingId) = (Ids.New("seller"), Ids.New("listing"));
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        var at = fixture.Time.GetUtcNow();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        async Task<string?> ETagAsync() => await db.HashGetAsync(fixture.StateKey("seller", sellerId, "state"), "etag");
        ListingChange Change(long version, int score, DateTimeOffset time, params ListingReporter[] reporters) =>
            new(listingId, version, "brand-1", ListingStatus.Flagged, score, null, time, reporters, ListedAt: time);

        await seller.ApplyListingChange(Change(1, 45, at));
        var written = await ETagAsync();
        Assert.NotNull(written);
        await seller.ApplyListingChange(Change(2, 45, at.AddMinutes(10)));
        Assert.Equal(written, await ETagAsync());

        await seller.ApplyListingChange(Change(3, 50, at.AddMinutes(20)));
        Assert.NotEqual(written, written = await ETagAsync());
        await seller.ApplyListingChange(Change(4, 50, at.AddMinutes(30), new ListingReporter("buyer-1", ReporterKind.Buyer, ReportReason.Counterfeit, at.AddMinutes(30), 1.0)));
        Assert.NotEqual(written, written = await ETagAsync());
        await seller.ApplyListingChange(Change(5, 50, at.AddHours(2)));
        Assert.NotEqual(written, await ETagAsync());

        await fixture.Cluster.DeactivateAsync(seller);
        var counts = (await seller.GetRisk())!.Counts;
        Assert.Equal((1, 1), (counts.Listings, counts.Reports));
    }

    [Fact(DisplayName = "Redis: a brand stats shard writes the page holding a listing, not every listing of the shard, and counts the same after a re-read")]
    public async Task ShardWritesOnePage()
    {
        var shard = $"{Ids.New("brand")}/0";
        var grain = fixture.Grains.GetGrain<IBrandStatsGrain>(shard);
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => grain.Apply(new BrandListingDelta($"l{i}", $"seller-{i % 9}", Removed: i % 4 == 0, Proactive: i % 8 == 0))));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var pages = new List<int>();
        for (var page = 0; page < BrandStatsGrain.Pages; page++)
        {
            pages.Add(((byte[]?)await db.HashGetAsync(fixture.StateKey(GrainTypes.BrandStats, shard, $"page{page}"), "data"))?.Length ?? 0);
        }

        Assert.True(pages.Max() * 3 < pages.Sum(), $"each page should hold a share of the shard's listings (pages of {string.Join(", ", pages)} bytes)");

        await fixture.Cluster.DeactivateAsync(grain);
        var stats = await fixture.Grains.GetGrain<IBrandStatsGrain>(shard).Get();
        Assert.Equal((400L, 100L, 50L, 9), (stats.ListingsSeen, stats.ListingsRemoved, stats.ProactiveRemovals, stats.InfringingSellers.Count));
    }

    [Fact(DisplayName = "Redis: a brand stats page past its bound grows by chunks: no record holds more than its bound or a listing twice, a kept listing changes where it is, and the shard counts the same after a re-read")]
    public async Task BigPagesGrowByChunks()
    {
        var shard = $"{Ids.New("brand")}/1";
        var grain = fixture.Grains.GetGrain<IBrandStatsGrain>(shard);
        const int listings = 2_600;
        for (var i = 0; i < listings; i++)
        {
            await grain.Apply(new BrandListingDelta($"l{i}", $"seller-{i % 11}", Removed: false, Proactive: false));
        }

        // Listings kept in first records, now removed: each is rewritten where it is, not added again.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => grain.Apply(new BrandListingDelta($"l{i}", $"seller-{i % 11}", Removed: true, Proactive: i % 2 == 0))));
        await fixture.Cluster.DeactivateAsync(grain);

        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var id = GrainId.Create(GrainTypes.BrandStats, shard);
        var kept = new List<string>();
        var chunked = 0;
        for (var page = 0; page < BrandStatsGrain.Pages; page++)
        {
            for (var chunk = 0; ; chunk++)
            {
                var record = new GrainState<BrandStatsPage>(new BrandStatsPage());
                await storage.ReadStateAsync(PagedRecords.NameOf(page, chunk), id, record);
                if (!record.RecordExists)
                {
                    chunked += chunk > 1 ? 1 : 0;
                    break;
                }

                var held = record.State!.Listings;
                Assert.InRange(held.Count, 1, BrandStatsGrain.ChunkListings);
                kept.AddRange(held.Keys);
            }
        }

        Assert.True(chunked > 0, "pages of ~325 listings each should have grown by a chunk");
        Assert.Equal(listings, kept.Count);
        Assert.Equal(listings, kept.Distinct().Count());
        var stats = await fixture.Grains.GetGrain<IBrandStatsGrain>(shard).Get();
        Assert.Equal((2_600L, 40L, 20L, 11), (stats.ListingsSeen, stats.ListingsRemoved, stats.ProactiveRemovals, stats.InfringingSellers.Count));
    }

    [Fact(DisplayName = "Redis: a brand stats shard written before paging moves into pages once, counts the same, and goes on counting each listing once")]
    public async Task ShardRecordBeforePagingMovesIntoPages()
    {
        var shard = $"{Ids.New("brand")}/3";
        var old = new BrandStatsState { ListingsRemoved = 2, ProactiveRemovals = 1 };
        old.Listings["a"] = ListingFlags.Seen | ListingFlags.Removed | ListingFlags.Proactive;
        old.Listings["b"] = ListingFlags.Seen | ListingFlags.Removed;
        old.Listings["c"] = ListingFlags.Seen;
        old.InfringingSellers.UnionWith(["s1", "s2"]);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        await storage.WriteStateAsync(PagedRecords.LegacyName, GrainId.Create(GrainTypes.BrandStats, shard), new GrainState<BrandStatsState>(old));

        var grain = fixture.Grains.GetGrain<IBrandStatsGrain>(shard);
        var moved = await grain.Get();
        Assert.Equal((3L, 2L, 1L), (moved.ListingsSeen, moved.ListingsRemoved, moved.ProactiveRemovals));
        Assert.Equal(["s1", "s2"], moved.InfringingSellers.Order());

        await grain.Apply(new BrandListingDelta("b", "s1", Removed: true, Proactive: false));
        await grain.Apply(new BrandListingDelta("d", "s3", Removed: true, Proactive: true));
        await fixture.Cluster.DeactivateAsync(grain);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var legacy = (byte[]?)await connection.GetDatabase().HashGetAsync(fixture.StateKey(GrainTypes.BrandStats, shard, PagedRecords.LegacyName), "data");
        Assert.True(legacy is null or { Length: 0 }, "the record written before paging is cleared once its listings are in the pages");
        var stats = await fixture.Grains.GetGrain<IBrandStatsGrain>(shard).Get();
        Assert.Equal((4L, 3L, 2L), (stats.ListingsSeen, stats.ListingsRemoved, stats.ProactiveRemovals));
        Assert.Equal(["s1", "s2", "s3"], stats.InfringingSellers.Order());
    }
}
