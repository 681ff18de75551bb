using System.Text;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

[Collection(RedisClusterCollection.Name)]
public sealed class ImageIndexRedisTests(RedisClusterFixture fixture)
{
    [Fact(DisplayName = "Redis: an image shard writes its evidence on its timer, without going idle, and a new cluster reads it back")]
    public async Task EvidenceIsWrittenPeriodically()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        var photo = Ids.New("img");
        var shardKey = ImageKeys.ShardKey(ImageKeys.Shard(photo));
        var (a, b, faker) = (Ids.New("seller"), Ids.New("seller"), Ids.New("seller"));

        var first = await fixture.StartClusterAsync(
            silo => silo.Services.Configure<ImageEvidenceOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(200)), serviceId);
        try
        {
            var shard = first.Client.GetGrain<IImageIndexGrain>(shardKey);
            await shard.Observe(new ImageUse(a, null, false, [photo]));
            await shard.Observe(new ImageUse(b, null, false, [photo]));
            await shard.MarkCounterfeit(new CounterfeitImages(Ids.New("listing"), faker, [photo]));

            // Written while the shard is still active, the counterfeit seller's id included: by the timer, not by a deactivation.
            await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
            var key = fixture.StateKey("image-index", shardKey, "state", serviceId);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!Encoding.UTF8.GetString((byte[]?)await redis.GetDatabase().HashGetAsync(key, "data") ?? []).Contains(faker, StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the evidence was not stored under {key} within 15 s");
                await Task.Delay(50);
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await fixture.StartClusterAsync(serviceId: serviceId);
        try
        {
            var seen = Assert.Single(await second.Client.GetGrain<IImageIndexGrain>(shardKey).Observe(new ImageUse(Ids.New("seller"), null, false, [photo])));
            Assert.Equal(3, seen.OtherSellers);
            Assert.Equal([faker], seen.CounterfeitSellerIds);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
