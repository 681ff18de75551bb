using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

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
}
