using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

[Collection(RedisClusterCollection.Name)]
public sealed class UnsentSweepTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(3);

    [Fact(DisplayName = "Redis: a listing written while its seller could not hear of it reaches the seller through the silo's sweep, with no further call to the listing, and its mark is cleared")]
    public async Task SweepSendsWhatAListingWroteAndDidNotSend()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        await using var cluster = await StartAsync(serviceId);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var (sellerId, first, second) = (Ids.New("seller"), Ids.New("listing"), Ids.New("listing"));
        var seller = cluster.Client.GetGrain<ISellerGrain>(sellerId);
        await cluster.Client.Listing(first).Upsert(Events.Listing(sellerId, "Plain canvas tote bag", 30m));
        Assert.Equal(1, (await seller.GetRisk())!.Counts.Listings);

        // The seller's record changes under it, so its next write fails: the listing's own write
        // lands, its seller does not hear of it, and the event is not acknowledged (as when the
        // process dies between the two). Nobody sends that listing's event again.
        await db.HashSetAsync(fixture.StateKey("seller", sellerId, "state", serviceId), "etag", "changed-elsewhere");
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.Listing(second).Upsert(Events.Listing(sellerId, "Plain canvas tote bag, large", 35m)));
        var mark = $"{GrainTypes.Listing}/{second}";
        Assert.True(await db.KeyExistsAsync(fixture.StateKey(GrainTypes.Listing, second, "state", serviceId)), "the listing's write landed");
        Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        Assert.Equal(1, (await seller.GetRisk())!.Counts.Listings);

        var deadline = DateTime.UtcNow + (Sweep * 10);
        int listings;
        while ((listings = (await seller.GetRisk())!.Counts.Listings) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, listings);
        while (await db.SortedSetScoreAsync($"{serviceId}/unsent", mark) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Null(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{serviceId}/unsent"));
    }

    [Fact(DisplayName = "Redis: a seller's suspension that had not reached its listings when its cluster went away reaches them through the next cluster's sweep, with no call to the seller, and its mark is cleared")]
    public async Task SweepResumesASellersEnforcement()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var sellerId = Ids.New("seller");
        var listings = Enumerable.Range(0, 5).Select(_ => Ids.New("listing")).ToList();
        var records = listings.ToDictionary(l => l, l => (RedisKey)fixture.StateKey(GrainTypes.Listing, l, "state", serviceId));
        var mark = $"seller/{sellerId}";
        var stored = new Dictionary<string, HashEntry[]>();

        var first = await StartAsync(serviceId);
        try
        {
            var seller = first.Client.GetGrain<ISellerGrain>(sellerId);
            foreach (var listingId in listings)
            {
                await first.Client.Listing(listingId).Upsert(Events.Listing(sellerId, "Plain canvas tote bag", 30m));
            }

            // The listings' records cannot be read or written for now, so the seller's sweep fails
            // and retries while its cluster is up: the suspension is written, its listings not told.
            foreach (var (listingId, key) in records)
            {
                stored[listingId] = await db.HashGetAllAsync(key);
                await db.KeyDeleteAsync(key);
                await db.StringSetAsync(key, "unreadable");
            }

            await seller.SetOverride(Decision.Suspend, "ring leader", DateTimeOffset.UtcNow.AddDays(30), "moderator-1");
            Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        }
        finally
        {
            await first.DisposeAsync();
        }

        foreach (var (listingId, key) in records)
        {
            await db.KeyDeleteAsync(key);
            await db.HashSetAsync(key, stored[listingId]);
        }

        var second = await StartAsync(serviceId);
        try
        {
            var deadline = DateTime.UtcNow + (Sweep * 10);
            List<ListingStatus> statuses;
            while ((statuses = [.. await Task.WhenAll(listings.Select(async l => (await second.Client.Listing(l).GetRisk())!.Status))])
                .Any(s => s != ListingStatus.Removed) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.All(statuses, s => Assert.Equal(ListingStatus.Removed, s));
            while (await db.SortedSetScoreAsync($"{serviceId}/unsent", mark) is not null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Null(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private Task<InProcessTestCluster> StartAsync(string serviceId) => fixture.StartClusterAsync(silo =>
    {
        // Real time: the sweep takes marks older than its interval by the grains' clock.
        silo.Services.AddSingleton(new RiskClock(TimeProvider.System));
        silo.Services.Configure<EventLogOptions>(o => o.SweepInterval = Sweep);
    }, serviceId);
}
